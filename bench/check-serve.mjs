// nettk serve under 50 concurrent scrapers: /probe requests per second for the
// tcp and http_2xx modules against local targets, and the same load on
// blackbox_exporter (Debian prometheus-blackbox-exporter) in the same run
// when it is installed. The load generator shares the machine's 2 cores
// with the exporter, as a co-located Prometheus would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NETTK, fmt, have, machine, median } from './lib.mjs';

const SCRAPERS = 50;
const SECONDS = Number(process.env.CHECK_BENCH_SECONDS ?? 3);
/** Runs per exporter and module, alternating nettk and blackbox so both see the same background load. */
const ROUNDS = Number(process.env.CHECK_BENCH_ROUNDS ?? 3);

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
async function freePort() {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

/** A child that prints nothing useful: wait until its port accepts (5 s at most). */
async function waitForPort(port) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => (res.resume(), resolve(true)));
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on ${port} after 10 s`);
}

async function startNettk() {
  const child = spawn(process.execPath, [NETTK, 'serve', '--listen', '127.0.0.1:0', '--concurrency', '64'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('nettk serve did not start')), 10_000);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`nettk serve exited ${code}`))));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]));
    });
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function startBlackbox(dir) {
  const bin = have('prometheus-blackbox-exporter') ? 'prometheus-blackbox-exporter' : have('blackbox_exporter') ? 'blackbox_exporter' : null;
  if (!bin) return null;
  const config = join(dir, 'blackbox.yml');
  writeFileSync(config, 'modules:\n  tcp:\n    prober: tcp\n    timeout: 5s\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n');
  const port = await freePort();
  const child = spawn(bin, [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** SCRAPERS loops, each one request at a time, for SECONDS: requests/s and latency percentiles. */
async function load(base, query, seconds = SECONDS) {
  const agent = new Agent({ keepAlive: true, maxSockets: SCRAPERS });
  const url = new URL(`/probe?${query}`, base);
  const latencies = [];
  let failures = 0;
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(url, { agent, headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '10' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          if (res.statusCode !== 200 || !/^probe_success 1$/m.test(body)) failures++;
          latencies.push(performance.now() - t0);
          resolve();
        });
      });
      req.on('error', () => (failures++, resolve()));
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: SCRAPERS }, async () => {
    while (performance.now() < end) await one();
  }));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { rps: latencies.length / elapsed, p50: median(latencies), p99: pct(0.99), failures, n: latencies.length };
}

// The targets live in their own process: the load generator must not slow their accept() down.
const targets = spawn(process.execPath, ['-e', `
  const net = require('node:net'), http = require('node:http');
  const t = net.createServer((c) => c.destroy()).listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
    const w = http.createServer((q, r) => r.end('ok')).listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
      process.stdout.write(t.address().port + ' ' + w.address().port + '\\n');
    });
  });
  process.stdin.on('end', () => process.exit(0)).resume();`], { stdio: ['pipe', 'pipe', 'inherit'] });
const [tcpPort, webPort] = await new Promise((resolve) => targets.stdout.once('data', (d) => resolve(String(d).trim().split(' ').map(Number))));
const dir = mkdtempSync(join(tmpdir(), 'nettk-bench-serve-'));
let nettk;
let blackbox;
try {
  nettk = await startNettk();
  blackbox = await startBlackbox(dir);
  if (!blackbox) console.log('blackbox_exporter not installed (apt-get install prometheus-blackbox-exporter): nettk figures only');
  console.log(`/probe with ${SCRAPERS} concurrent scrapers, ${ROUNDS} alternating runs of ${SECONDS} s — ${machine()}`);
  const cases = [
    ['tcp', `target=127.0.0.1:${tcpPort}&module=tcp`],
    ['http_2xx', `target=${encodeURIComponent(`http://127.0.0.1:${webPort}/`)}&module=http_2xx`],
  ];
  for (const [name, query] of cases) {
    // Warm-up (JIT, connection pools) not counted.
    await load(nettk.url, query, 1);
    if (blackbox) await load(blackbox.url, query, 1);
    const runs = { nettk: [], blackbox: [] };
    for (let i = 0; i < ROUNDS; i++) {
      runs.nettk.push(await load(nettk.url, query));
      if (blackbox) runs.blackbox.push(await load(blackbox.url, query));
    }
    const show = (who, list) => {
      const mid = list.slice().sort((a, b) => a.rps - b.rps)[list.length >> 1];
      const failures = list.reduce((a, r) => a + r.failures, 0);
      console.log(`${who.padEnd(15)} ${name.padEnd(8)} median ${fmt(mid.rps, 0).padStart(5)} req/s of [${list.map((r) => fmt(r.rps, 0)).join(', ')}]  p50 ${fmt(mid.p50)} ms  p99 ${fmt(mid.p99)} ms  (${failures} not 200/success)`);
      return mid.rps;
    };
    const n = show('nettk serve', runs.nettk);
    if (blackbox) {
      const b = show('blackbox_exp.', runs.blackbox);
      console.log(`ratio ${name}: nettk serve sustains ${fmt(n / b, 2)}× blackbox_exporter's req/s`);
    }
  }
} finally {
  nettk?.stop();
  blackbox?.stop();
  targets.stdin.end();
  rmSync(dir, { recursive: true, force: true });
}
