// Self-connect reproducer: attempts/s of the connect loop and time to
// reproduce on port 50000, nettk vs a minimal C connect loop (compiled here
// with gcc when it is installed), alternating runs in one process, ratios.
// Also a minimal node:net loop and the C loop through epoll (libuv's way), to
// show which part of the gap is the event-loop model and which is Node's.
// Bounded: every run has --max-attempts and a deadline; loopback only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NETTK, fmt, have, machine, median, timed } from './lib.mjs';

const PORT = Number(process.env.PORT ?? 50000);
const RUNS = Number(process.env.RUNS ?? 10);
const RATE_ATTEMPTS = Number(process.env.ATTEMPTS ?? 50_000);
const RATE_ROUNDS = Number(process.env.ROUNDS ?? 3);
const TIMEOUT_S = 30;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Why a port cannot serve the experiment now: a listener on it, or a
 * self-connection (or its TIME_WAIT) already there. Sockets that merely got
 * the port from connect() for another peer do not matter: the kernel shares it.
 */
function blockers(port) {
  const found = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      const local = parseInt(f[1].split(':')[1], 16);
      const remote = parseInt(f[2].split(':')[1], 16);
      if (local === port && (f[3] === '0A' || remote === port)) found.push(`${f[3] === '0A' ? 'LISTEN' : 'self-pair'} in ${file}`);
    }
  }
  return found;
}

const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
// A port connect() never hands out (the other parity): every attempt is a plain refusal, none ends the loop early.
const RATE_PORT = PORT % 2 === low % 2 ? PORT + 1 : PORT;
for (const p of new Set([PORT, RATE_PORT])) {
  const why = blockers(p);
  if (why.length > 0) {
    console.error(`bench/selfconnect: port ${p} cannot be used now (${why.join(', ')}; see ss -tan 'sport = :${p}'); set PORT= to another even port`);
    process.exit(1);
  }
}

let cLoop = null;
let tmp = null;
if (have('gcc')) {
  tmp = mkdtempSync(join(tmpdir(), 'nettk-bench-selfconnect-'));
  cLoop = join(tmp, 'connect-loop');
  const cc = spawnSync('gcc', ['-O2', '-o', cLoop, join(ROOT, 'bench/selfconnect/connect-loop.c')], { encoding: 'utf8' });
  if (cc.status !== 0) {
    console.error(`bench/selfconnect: gcc failed, no C anchor:\n${cc.stderr}`);
    cLoop = null;
  }
} else {
  console.error('bench/selfconnect: gcc not installed (apt-get install -y gcc): NO C ANCHOR, nettk figures only');
}

// The leanest Node loop there is: plain net.Socket, no guard, no classification.
const NODE_NET_LOOP = `
import { Socket } from 'node:net';
const [port, max] = process.argv.slice(-2).map(Number);
let attempts = 0; const t0 = performance.now(); const opts = { host: '127.0.0.1', port };
const done = (r) => console.log(JSON.stringify({ reproduced: r, attempts, elapsedMs: performance.now() - t0 }));
function next() {
  if (attempts >= max) return done(false);
  attempts++;
  const s = new Socket();
  s.once('error', () => { s.destroy(); next(); });
  s.once('connect', () => { const self = s.localPort === port; s.resetAndDestroy(); if (self) return done(true); next(); });
  s.connect(opts);
}
next();`;

const tools = [
  { name: 'nettk selfconnect', run: (port, max, force) => timed(process.execPath, [NETTK, 'selfconnect', String(port), '--max-attempts', String(max), '--timeout', String(TIMEOUT_S), '--json', ...(force ? ['--force'] : [])], { timeoutMs: (TIMEOUT_S + 15) * 1000 }) },
  // The loop in this thread only, one connect at a time (the default uses a thread per core, up to 4).
  { name: 'nettk --threads 1', rateOnly: true, run: (port, max, force) => timed(process.execPath, [NETTK, 'selfconnect', String(port), '--threads', '1', '--max-attempts', String(max), '--timeout', String(TIMEOUT_S), '--json', ...(force ? ['--force'] : [])], { timeoutMs: (TIMEOUT_S + 15) * 1000 }) },
  { name: 'node:net loop', rateOnly: true, run: (port, max) => timed(process.execPath, ['--input-type=module', '-e', NODE_NET_LOOP, String(port), String(max)], { timeoutMs: (TIMEOUT_S + 15) * 1000 }) },
];
if (cLoop) {
  tools.push({ name: 'C connect loop', run: (port, max) => timed(cLoop, [String(port), String(max), String(TIMEOUT_S * 1000)], { timeoutMs: (TIMEOUT_S + 15) * 1000 }) });
  // Same C loop, non-blocking through epoll as libuv does: the cost of the event-loop model alone.
  tools.push({ name: 'C epoll loop', rateOnly: true, run: (port, max) => timed(cLoop, [String(port), String(max), String(TIMEOUT_S * 1000), 'epoll'], { timeoutMs: (TIMEOUT_S + 15) * 1000 }) });
}

function parse(r, name) {
  const line = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${name}: no JSON (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  }
}

console.log(`bench/selfconnect: ${machine()}, kernel ${spawnSync('uname', ['-r']).stdout.toString().trim()}`);
console.log(`attempts/s: ${RATE_ROUNDS} rounds of ${RATE_ATTEMPTS} connects to 127.0.0.1:${RATE_PORT} (never self-connects), loop time only`);
const rates = new Map(tools.map((t) => [t.name, []]));
for (let round = 0; round < RATE_ROUNDS; round++) {
  for (const t of tools) {
    const doc = parse(await t.run(RATE_PORT, RATE_ATTEMPTS, true), t.name);
    rates.get(t.name).push((doc.attempts * 1000) / doc.elapsedMs);
  }
}

console.log(`reproduction: ${RUNS} runs per tool on 127.0.0.1:${PORT}, alternating`);
const repro = new Map(tools.filter((t) => !t.rateOnly).map((t) => [t.name, { loopMs: [], wallMs: [], attempts: [], misses: 0 }]));
for (let run = 0; run < RUNS; run++) {
  for (const t of tools.filter((x) => !x.rateOnly)) {
    const r = await t.run(PORT, 200_000, false);
    const doc = parse(r, t.name);
    const s = repro.get(t.name);
    if (!doc.reproduced) s.misses++;
    s.loopMs.push(doc.elapsedMs);
    s.wallMs.push(r.ms);
    s.attempts.push(doc.attempts);
  }
}
if (tmp) rmSync(tmp, { recursive: true, force: true });

const anchorRate = cLoop ? median(rates.get('C connect loop')) : null;
console.log('\ntool                 attempts/s (median)  vs C');
for (const t of tools) {
  const m = median(rates.get(t.name));
  console.log(`${t.name.padEnd(20)} ${fmt(m, 0).padStart(19)}  ${anchorRate ? `${fmt(m / anchorRate, 2)}×` : 'n/a'}`);
}
console.log('\ntool                 repro loop ms median / max   process ms median / max   attempts median / max   misses');
for (const [name, s] of repro) {
  console.log(
    `${name.padEnd(20)} ${`${fmt(median(s.loopMs), 0)} / ${fmt(Math.max(...s.loopMs), 0)}`.padStart(28)}   ${`${fmt(median(s.wallMs), 0)} / ${fmt(Math.max(...s.wallMs), 0)}`.padStart(23)}   ${`${fmt(median(s.attempts), 0)} / ${Math.max(...s.attempts)}`.padStart(21)}   ${s.misses}`,
  );
}
const ours = median(rates.get('nettk selfconnect'));
const reproMedian = median(repro.get('nettk selfconnect').wallMs);
console.log(
  `\ntargets: attempts/s ≥ 0.5× C: ${anchorRate ? `${fmt(ours / anchorRate, 2)}× ${ours / anchorRate >= 0.5 ? 'MET' : 'MISSED'}` : 'no C anchor'}; ` +
    `reproduction median ≤ 3 s: ${fmt(reproMedian / 1000, 2)} s ${reproMedian <= 3000 ? 'MET' : 'MISSED'}`,
);
