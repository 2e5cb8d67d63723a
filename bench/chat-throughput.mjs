#!/usr/bin/env node
// Chat relay throughput: C clients connected, S of them send L lines each;
// every line must reach every other client. Lines delivered per second for
// `nettk chat serve` vs `ncat --chat` (Debian ncat), same load, same run.
// Every delivered line is counted (newlines received by each client after the
// room went quiet), and the run fails loudly if any is missing.
//
//   node bench/chat-throughput.mjs [--clients 1000] [--senders 10] [--lines 1000] [--rounds 1]
//
// Loopback only; each phase has a deadline; every socket and child is closed.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from './lib.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    senders: { type: 'string', default: '10' },
    lines: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const SENDERS = Number(values.senders);
const LINES = Number(values.lines);
const ROUNDS = Number(values.rounds);
const NETTK = fileURLToPath(new URL('../bin/nettk.js', import.meta.url));
const PAYLOAD = 'the quick brown fox jumps over the lazy dog';
const EXPECTED = SENDERS * LINES * (CLIENTS - 1);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


/** Start a server child; resolve its port once its own "listening" line shows on stderr. */
function startChild(cmd, args, portFrom) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start within 10 s:\n${err}`)), 10_000);
    child.stderr.on('data', (d) => {
      if (err.length < 4096) err += d.toString();
      const port = portFrom(err);
      if (port) {
        clearTimeout(timer);
        resolve({ child, port });
      }
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}:\n${err}`)));
  });
}

const servers = {
  nettk: async () =>
    startChild(process.execPath, [NETTK, 'chat', 'serve', '--port', '0', '--max-clients', String(CLIENTS + 10)], (t) => Number(/listening on [\d.]+:(\d+)/.exec(t)?.[1]) || 0),
  ncat: async () => {
    const port = await freePort();
    return startChild('ncat', ['-v', '-l', '127.0.0.1', String(port), '--chat', '-m', String(CLIENTS + 10)], (t) => (/Listening on/.test(t) ? port : 0));
  },
};

function procStats(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(stat[11]) + Number(stat[12]);
    return { peakMiB: Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024, cpuS: ticks / 100 };
  } catch {
    return { peakMiB: NaN, cpuS: NaN };
  }
}

/**
 * A receiving client that counts newlines; `keep` clients also keep the text
 * to check it. It counts as joined at its first byte from the server: ncat
 * listens with a backlog of 10, so a connect() that returned may still sit in
 * SYN-RECV on the server side, waiting for a SYN-ACK retransmission.
 */
function openClient(port, keep) {
  return new Promise((resolve, reject) => {
    const c = { socket: undefined, lines: 0, chunks: 0, text: keep ? [] : undefined };
    const socket = connect({ port, host: '127.0.0.1' });
    c.socket = socket;
    const timer = setTimeout(() => reject(new Error('no greeting from the server within 15 s')), 15_000);
    socket.once('data', () => {
      clearTimeout(timer);
      resolve(c);
    });
    socket.on('data', (buf) => {
      c.chunks++;
      let at = buf.indexOf(10);
      while (at !== -1) {
        c.lines++;
        at = buf.indexOf(10, at + 1);
      }
      if (c.text) c.text.push(buf);
    });
    socket.once('error', reject);
  });
}

async function untilQuiet(clients, quietMs, deadlineMs) {
  const until = performance.now() + deadlineMs;
  let last = -1;
  for (;;) {
    const total = clients.reduce((n, c) => n + c.lines, 0);
    if (total === last) return;
    if (performance.now() > until) throw new Error('the room never went quiet');
    last = total;
    await sleep(quietMs);
  }
}

/**
 * What one receiver got: lines that arrived whole (`<name> sN SEQ payload`),
 * and whether each sender's whole lines came in order. ncat adds its prefix
 * per read, not per line, so lines from two senders can arrive spliced.
 */
function inspect(c) {
  const lines = Buffer.concat(c.text).toString('latin1').split('\n');
  lines.pop();
  const whole = new RegExp(`^(<[^>]+> )?s(\\d+) (\\d+) ${PAYLOAD}$`);
  const last = new Map();
  let intact = 0;
  let named = 0;
  let disorder;
  for (const line of lines) {
    const m = whole.exec(line);
    if (!m) continue;
    intact++;
    if (m[1]) named++;
    const s = Number(m[2]);
    const seq = Number(m[3]);
    if (seq <= (last.get(s) ?? -1)) disorder ??= `sender ${s}: line ${seq} after ${last.get(s)}`;
    last.set(s, seq);
  }
  return { total: lines.length, intact, named, disorder };
}

async function runOne(name) {
  const { child, port } = await servers[name]();
  const clients = [];
  try {
    for (let i = 0; i < CLIENTS; i += 8) {
      const batch = [];
      for (let j = i; j < Math.min(CLIENTS, i + 8); j++) batch.push(openClient(port, j === SENDERS || j === CLIENTS - 1));
      clients.push(...(await Promise.all(batch)));
    }
    await untilQuiet(clients, 300, 60_000);
    for (const c of clients) {
      c.lines = 0;
      c.chunks = 0;
      if (c.text) c.text = [];
    }
    const before = procStats(child.pid);
    const harness0 = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 0; s < SENDERS; s++) {
      const socket = clients[s].socket;
      let i = 0;
      const pump = () => {
        while (i < LINES) {
          if (!socket.write(`s${s} ${i++} ${PAYLOAD}\n`)) return void socket.once('drain', pump);
        }
      };
      pump();
    }
    const deadline = t0 + 120_000;
    let delivered = 0;
    while (performance.now() < deadline) {
      delivered = clients.reduce((n, c) => n + c.lines, 0);
      if (delivered >= EXPECTED) break;
      await sleep(2);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const after = procStats(child.pid);
    const harness = process.cpuUsage(harness0);
    const chunks = clients.reduce((n, c) => n + c.chunks, 0);
    const checked = clients.filter((c) => c.text).map(inspect);
    const spliced = checked.reduce((n, x) => n + x.total - x.intact, 0);
    const unnamed = checked.reduce((n, x) => n + x.intact - x.named, 0);
    const order = checked.map((x) => x.disorder).find(Boolean);
    return { name, delivered, elapsed, rate: delivered / elapsed, peakMiB: after.peakMiB, cpuS: after.cpuS - before.cpuS, order, spliced, unnamed, checkedLines: checked.reduce((n, x) => n + x.total, 0), chunks, harnessCpuS: (harness.user + harness.system) / 1e6 };
  } finally {
    for (const c of clients) c.socket.destroy();
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
    child.kill('SIGKILL');
  }
}

if (spawnSync('sh', ['-c', 'command -v ncat'], { stdio: 'ignore' }).status !== 0 && values.only !== 'nettk') {
  console.error('SKIPPED: ncat is not installed (apt-get install ncat); run with --only nettk for nettk alone');
  process.exit(0);
}
console.log(`chat relay: ${CLIENTS} clients, ${SENDERS} senders x ${LINES} lines -> ${EXPECTED.toLocaleString('en')} deliveries expected`);
const results = { nettk: [], ncat: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate who goes first: on a shared machine, load drifts during a run.
  const order = values.only ? [values.only] : round % 2 === 0 ? ['nettk', 'ncat'] : ['ncat', 'nettk'];
  for (const name of order) {
    const r = await runOne(name);
    results[name].push(r);
    const missing = EXPECTED - r.delivered;
    console.log(
      `${name.padEnd(6)} ${Math.round(r.rate).toLocaleString('en').padStart(12)} lines/s  ${r.elapsed.toFixed(2)} s  ` +
        `server CPU ${r.cpuS.toFixed(2)} s  client CPU ${r.harnessCpuS.toFixed(2)} s  ${Math.round(r.chunks / 1000)}k reads  peak RSS ${r.peakMiB.toFixed(0)} MiB  ` +
        `${missing === 0 ? 'all delivered' : `MISSING ${missing.toLocaleString('en')}`}  ` +
        `of ${r.checkedLines} lines checked: ${r.spliced} spliced, ${r.unnamed} without a sender${r.order ? `  ORDER: ${r.order}` : ''}`,
    );
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (!values.only) {
  const ratio = median(results.nettk.map((r) => r.rate)) / median(results.ncat.map((r) => r.rate));
  const cpu = median(results.ncat.map((r) => r.cpuS)) / median(results.nettk.map((r) => r.cpuS));
  console.log(`nettk / ncat: ${ratio.toFixed(2)}x lines delivered per second (median of ${ROUNDS}; target >= 1.0x)`);
  console.log(`nettk / ncat: ${cpu.toFixed(2)}x less server CPU time for the same deliveries`);
}
// nettk must deliver every line whole and in order; ncat is the anchor and is only reported.
const incomplete = results.nettk.some((r) => r.delivered !== EXPECTED || r.order || r.spliced > 0 || r.unnamed > 0);
process.exitCode = incomplete ? 1 : 0;
