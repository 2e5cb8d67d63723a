// nettk check: 1000 mixed checks (TCP probes open/closed, HTTP, Redis) against
// local servers in one process, vs the same checks as a shell runbook of
// sequential nettk processes (nettk probe / nettk http / nettk redis), in the
// same run. The sequential side runs the first CHECK_BENCH_SEQ checks (default
// 100, a multiple of 10 keeps the mix) and is extrapolated to 1000: a full
// 1000-process run takes minutes on 2 cores. Set CHECK_BENCH_SEQ=1000 for it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NETTK, fmt, have, machine, median, timed } from './lib.mjs';

const TOTAL = 1000;
const SEQ = Math.min(TOTAL, Math.max(10, Math.round(Number(process.env.CHECK_BENCH_SEQ ?? 100) / 10) * 10));
const RUNS = 3;

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

async function freePort() {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

async function startRedis() {
  if (!have('redis-server')) return null;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const up = await new Promise((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return { port, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  return null;
}

const tcp = [];
for (let i = 0; i < 10; i++) {
  const s = createServer((c) => c.destroy());
  tcp.push({ server: s, port: await listen(s) });
}
const closed = await freePort();
const web = createHttpServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end('{"status":"ok"}');
});
const webPort = await listen(web);
const redis = await startRedis();
if (!redis) console.log('redis-server not installed: Redis checks are replaced by TCP probes');

// The mix, per 10 checks: 4 probe open, 1 probe closed, 3 http, 2 redis.
const checks = [];
for (let i = 0; i < TOTAL; i++) {
  const slot = i % 10;
  const port = tcp[i % tcp.length].port;
  if (slot < 4 || (slot >= 8 && !redis)) checks.push({ yaml: `{name: c${i}, kind: probe, host: 127.0.0.1, ports: ${port}}`, sh: `probe 127.0.0.1 ${port}` });
  else if (slot === 4) checks.push({ yaml: `{name: c${i}, kind: probe, host: 127.0.0.1, ports: ${closed}, expect: closed}`, sh: `probe 127.0.0.1 ${closed} --expect closed` });
  else if (slot < 8) checks.push({ yaml: `{name: c${i}, kind: http, url: "http://127.0.0.1:${webPort}/health", expect: {status: 200, body: ok}}`, sh: `http http://127.0.0.1:${webPort}/health` });
  else checks.push({ yaml: `{name: c${i}, kind: redis, url: "redis://127.0.0.1:${redis.port}", command: PING, expect: PONG}`, sh: `redis -p ${redis.port} PING` });
}

const dir = mkdtempSync(join(tmpdir(), 'nettk-bench-check-'));
const runbook = join(dir, 'runbook.yaml');
writeFileSync(runbook, `defaults: {timeout: 5s, concurrency: 64}\nchecks:\n${checks.map((c) => `  - ${c.yaml}`).join('\n')}\n`);
// The first SEQ checks: the mix repeats every 10, so any multiple of 10 keeps it.
const seqChecks = checks.slice(0, SEQ);
const script = join(dir, 'runbook.sh');
writeFileSync(script, `#!/bin/sh\nfail=0\n${seqChecks.map((c) => `out=$("${process.execPath}" "${NETTK}" ${c.sh} 2>&1 >/dev/null) || { fail=1; echo "failed: nettk ${c.sh}: $out" >&2; }`).join('\n')}\nexit $fail\n`);

try {
  console.log(`nettk check vs a shell runbook of nettk processes — ${machine()}`);
  console.log(`${TOTAL} checks: ${checks.filter((c) => c.sh.startsWith('probe') && !c.sh.includes('closed')).length} probe open, ${checks.filter((c) => c.sh.includes('closed')).length} probe closed, ${checks.filter((c) => c.sh.startsWith('http')).length} http, ${checks.filter((c) => c.sh.startsWith('redis')).length} redis`);
  const times = [];
  let rss = null;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(process.execPath, [NETTK, 'check', runbook, '--json']);
    if (r.code !== 0) throw new Error(`nettk check exited ${r.code}: ${r.stderr.slice(0, 300)} ${r.stdout.slice(-300)}`);
    const doc = JSON.parse(r.stdout);
    if (doc.summary.passed !== TOTAL) throw new Error(`only ${doc.summary.passed} of ${TOTAL} passed`);
    times.push(r.ms);
    rss = r.rssMb;
  }
  const one = median(times);
  console.log(`nettk check (1 process, concurrency 64): median ${fmt(one, 0)} ms over ${RUNS} runs (${fmt(TOTAL / (one / 1000), 0)} checks/s), peak RSS ${fmt(rss)} MB`);
  const seq = await timed('sh', [script], { timeoutMs: 30 * 60_000 });
  if (seq.code !== 0) console.log(`(the shell runbook exited ${seq.code}: ${seq.stderr.trim().split('\n').slice(0, 3).join('; ')})`);
  const extrapolated = (seq.ms * TOTAL) / SEQ;
  console.log(`shell runbook: ${SEQ} sequential nettk processes in ${fmt(seq.ms, 0)} ms (${fmt(seq.ms / SEQ, 1)} ms each)${SEQ < TOTAL ? ` → ${fmt(extrapolated / 1000, 1)} s extrapolated to ${TOTAL}` : ''}`);
  console.log(`ratio: nettk check is ${fmt(extrapolated / one, 1)}× faster than ${TOTAL} sequential processes`);
} finally {
  for (const t of tcp) t.server.close();
  web.close();
  redis?.stop();
  rmSync(dir, { recursive: true, force: true });
}
