#!/usr/bin/env node
// 1000 sequential requests on one keep-alive connection (each request waits
// for its response), requests/s, same server, interleaved rounds, medians:
//   nettk http --repeat 1000 URL        (one URL sent N times)
//   nettk http --keep-alive URL x1000   (the same command line shape as curl's)
//   curl -s URL URL ... (1000 URLs)     (curl reuses one connection)
// plus, not the same workload and so reported apart:
//   nettk http --repeat 1000 --pipeline 16 URL   (HTTP/1.1 pipelining: 16 in flight)
// and, in this process and without start-up, the @nettk/http library and
// node:http with a keep-alive Agent, for scale. The server counts its
// connections: each tool must have used exactly one.
// Target (issue 4): nettk >= 1.0x curl requests/s (sequential).
//
//   node bench/http-keepalive.mjs [--requests 1000] [--rounds 5]
import { request as httpGet, Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { HttpConnection, buildRequest, exchange } from '@nettk/http';
import { loadavg } from 'node:os';
import { NETTK, fmt, have, machine, median } from './lib.mjs';
import { startBenchServer, timedRun } from './http-support.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '5' } } });
const N = Number(values.requests);
const ROUNDS = Number(values.rounds);

const server = await startBenchServer();
const url = `http://127.0.0.1:${server.port}/x`;
const expected = 'hello /x\n'.repeat(N);

async function library() {
  const c = await HttpConnection.open({ host: '127.0.0.1', port: server.port });
  const r = buildRequest({ method: 'GET', target: '/x', host: `127.0.0.1:${server.port}`, userAgent: 'bench', keepAlive: true });
  const started = performance.now();
  for (let i = 0; i < N; i++) await exchange(c, { head: r.head, body: r.body, method: 'GET' }, { idleTimeoutMs: 10_000 }, () => {});
  const ms = performance.now() - started;
  c.close();
  return ms;
}

async function nodeHttp() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    await new Promise((resolve, reject) => {
      httpGet(url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
    });
  }
  const ms = performance.now() - started;
  agent.destroy();
  return ms;
}

const contenders = [
  { name: `nettk --repeat ${N}`, cmd: process.execPath, args: [NETTK, 'http', '-s', '--repeat', String(N), url] },
  { name: `nettk ${N} URLs`, cmd: process.execPath, args: [NETTK, 'http', '-s', '--keep-alive', ...Array(N).fill(url)] },
];
if (have('curl')) contenders.push({ name: `curl ${N} URLs`, cmd: 'curl', args: ['-s', ...Array(N).fill(url)] });
else console.log('curl not installed: skipped');
contenders.push({ name: `nettk --pipeline 16 (not sequential)`, cmd: process.execPath, args: [NETTK, 'http', '-s', '--repeat', String(N), '--pipeline', '16', url] });
// The floor any Node CLI starts from, and curl's own start-up (one request), so
// the run shows the best ratio a Node process could reach: curl's N requests
// without its start-up, plus Node's bare start-up.
contenders.push({ name: "node -e ''", cmd: process.execPath, args: ['-e', ''], expect: '', conns: 0 });
if (have('curl')) contenders.push({ name: 'curl 1 URL', cmd: 'curl', args: ['-s', url], expect: expected.slice(0, expected.length / N) });
const inProcess = [
  { name: '@nettk/http (in-process)', run: library },
  { name: 'node:http Agent (in-process)', run: nodeHttp },
];

const times = new Map([...contenders, ...inProcess].map((c) => [c.name, []]));
const cpu = new Map(contenders.map((c) => [c.name, []]));
const load = loadavg()[0];
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      const before = server.connections();
      const r = await timedRun(c.cmd, c.args, { timeoutMs: 120_000 });
      if (r.code !== 0 || r.stdout !== (c.expect ?? expected)) throw new Error(`${c.name} exited ${r.code} with ${r.stdout.length} bytes: ${r.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const used = server.connections() - before;
      if (used !== (c.conns ?? 1)) throw new Error(`${c.name} used ${used} connections, expected ${c.conns ?? 1}`);
      times.get(c.name).push(r.ms);
      cpu.get(c.name).push(r.cpuMs);
    }
    for (const c of inProcess) times.get(c.name).push(await c.run());
  }
} finally {
  await server.stop();
}

const rps = (name) => (N * 1000) / median(times.get(name));
console.log(`http-keepalive: ${N} requests on one connection, medians of ${ROUNDS} interleaved rounds (${machine()}, load average ${load.toFixed(1)} at start)`);
for (const [name] of times) {
  const cpuMs = cpu.has(name) ? `   cpu ${fmt(median(cpu.get(name)), 0).padStart(6)} ms` : '';
  console.log(`  ${name.padEnd(38)} ${fmt(median(times.get(name))).padStart(8)} ms ${fmt(rps(name), 0).padStart(7)} req/s${cpuMs}`);
}
if (times.has(`curl ${N} URLs`)) {
  const curl = rps(`curl ${N} URLs`);
  for (const c of contenders.slice(0, 2)) console.log(`  ${c.name} / curl: ${fmt(rps(c.name) / curl, 2)}x   (target >= 1.0x: ${rps(c.name) / curl >= 1 ? 'met' : 'MISSED'})`);
  console.log(`  @nettk/http in-process / curl: ${fmt(rps('@nettk/http (in-process)') / curl, 2)}x (no process start-up)`);
  console.log(`  nettk --pipeline 16 / curl: ${fmt(rps('nettk --pipeline 16 (not sequential)') / curl, 2)}x   (a different workload: requests do not wait for responses)`);
  const curlAll = median(times.get(`curl ${N} URLs`));
  const curlRequests = curlAll - median(times.get('curl 1 URL'));
  const nodeStart = median(times.get("node -e ''"));
  console.log(
    `  best a Node CLI could do: node -e '' (${fmt(nodeStart)} ms) + curl's ${N} requests without its start-up (${fmt(curlRequests)} ms) = ` +
      `${fmt(nodeStart + curlRequests)} ms, ${fmt(curlAll / (nodeStart + curlRequests), 2)}x curl`,
  );
}
