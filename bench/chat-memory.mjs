#!/usr/bin/env node
// Chat server memory under abuse: one client that never reads, one client
// that floods 1 KB lines as fast as the server takes them, for --seconds
// (default 10). Reports the server's peak RSS (VmHWM), when the non-reader
// was dropped, and how many lines the server took in. Anchor in the same run:
// a naive Node broadcast server that ignores write()'s return value (the
// REFERENCE figure: ~800 MB in 3 s), stopped at 3 s or 1 GiB, whichever first.
//
//   node bench/chat-memory.mjs [--seconds 10] [--no-naive]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, 'no-naive': { type: 'boolean' } } });
const SECONDS = Number(values.seconds);
const NETTK = fileURLToPath(new URL('../bin/nettk.js', import.meta.url));
const LINE = Buffer.from(`${'x'.repeat(1023)}\n`);
// 64 lines per write(): the flooder is limited by the server, not by its own syscalls.
const CHUNK = Buffer.concat(Array.from({ length: 64 }, () => LINE));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What people write first: relay every line to every other socket, never look at write()'s answer.
const NAIVE = `
const net = require('node:net');
const clients = new Set();
const server = net.createServer((s) => {
  clients.add(s);
  s.on('data', (d) => { for (const c of clients) if (c !== s) c.write(d); });
  s.on('error', () => {});
  s.on('close', () => clients.delete(s));
});
server.listen(0, '127.0.0.1', () => console.error('listening on 127.0.0.1:' + server.address().port + ' (join'));
`;

function memMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024, peak: Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

function start(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 10_000);
    child.stderr.on('data', (d) => {
      if (err.length < 65536) err += d.toString();
      const m = /listening on [\d.]+:(\d+) \(join/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), log: () => err });
      }
    });
  });
}

const open = (port) =>
  new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });

async function run(name, args, limitMs, capMiB) {
  const { child, port, log } = await start(args);
  const stuck = await open(port);
  stuck.pause();
  const flooder = await open(port);
  flooder.resume();
  // A paused socket never sees its FIN: learn of the drop from the server's own log.
  let dropped;
  child.stderr.on('data', () => {
    if (dropped === undefined && /drop user1 /.test(log())) dropped = performance.now();
  });
  stuck.on('error', () => {});
  flooder.on('error', () => {});
  let sent = 0;
  let running = true;
  const pump = () => {
    // write() completes synchronously while the kernel keeps up: yield now and then, or this loop never ends.
    for (let i = 0; i < 16 && running && !flooder.destroyed; i++) {
      sent += 64;
      if (!flooder.write(CHUNK)) return void flooder.once('drain', pump);
    }
    if (running) setImmediate(pump);
  };
  const t0 = performance.now();
  pump();
  let peak = 0;
  let rss = 0;
  while (performance.now() - t0 < limitMs) {
    await sleep(50);
    ({ rss, peak } = memMiB(child.pid));
    if (peak > capMiB) break;
  }
  running = false;
  const elapsed = (performance.now() - t0) / 1000;
  ({ rss, peak } = memMiB(child.pid));
  stuck.destroy();
  flooder.destroy();
  child.kill('SIGTERM');
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
  child.kill('SIGKILL');
  const droppedAt = dropped === undefined ? 'never' : `${((dropped - t0) / 1000).toFixed(2)} s`;
  console.log(
    `${name.padEnd(6)} peak RSS ${peak.toFixed(0).padStart(5)} MiB  (RSS at end ${rss.toFixed(0)} MiB)  ` +
      `non-reader dropped: ${droppedAt}  flooder wrote ${((sent * LINE.length) / 2 ** 20).toFixed(0)} MiB in ${elapsed.toFixed(1)} s`,
  );
  if (process.env.SHOWLOG) console.log(log());
  return { peak, dropped: dropped !== undefined, log: log() };
}

console.log(`one non-reading client + one flooder (1 KiB lines), ${SECONDS} s`);
const nettk = await run('nettk', [NETTK, 'chat', 'serve', '--port', '0'], SECONDS * 1000, Infinity);
if (!values['no-naive']) {
  const naive = await run('naive', ['-e', NAIVE], 3000, 1024);
  console.log(`naive / nettk peak RSS: ${(naive.peak / nettk.peak).toFixed(1)}x`);
}
const ok = nettk.peak <= 150 && nettk.dropped;
console.log(`nettk peak RSS ${nettk.peak.toFixed(0)} MiB: ${ok ? 'within' : 'OVER'} the 150 MB target${nettk.dropped ? '' : ' (non-reader NOT dropped)'}`);
process.exitCode = ok ? 0 : 1;
