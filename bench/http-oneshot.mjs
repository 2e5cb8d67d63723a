#!/usr/bin/env node
// One GET against a local keep-alive server (node:http, 5 s keep-alive),
// whole process: `nettk http URL` vs `curl -s URL` vs `printf 'GET ...' | nc`
// (nc knows nothing of HTTP framing: it waits for the server to close, i.e.
// the keep-alive timeout) vs `node -e ''` (the floor of any Node CLI) and
// `nettk --version` (the nettk shell before any command runs). Runs are
// interleaved round by round so a noisy machine hurts every contender alike;
// medians of wall time and of CPU time (user + system) are reported.
// Target (issue 4): nettk <= 1.3x `node -e ''`.
//
//   node bench/http-oneshot.mjs [--rounds 15] [--nc-rounds 2]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { NETTK, fmt, have, machine, median } from './lib.mjs';
import { startBenchServer, timedRun } from './http-support.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, 'nc-rounds': { type: 'string', default: '2' } } });
const ROUNDS = Number(values.rounds);
const NC_ROUNDS = Number(values['nc-rounds']);

const server = await startBenchServer();
const url = `http://127.0.0.1:${server.port}/x`;
const contenders = [
  { name: "node -e ''", cmd: process.execPath, args: ['-e', ''] },
  { name: 'nettk --version', cmd: process.execPath, args: [NETTK, '--version'] },
  { name: 'nettk http URL', cmd: process.execPath, args: [NETTK, 'http', '-s', url], expect: 'hello /x\n' },
];
if (have('curl')) contenders.push({ name: 'curl -s URL', cmd: 'curl', args: ['-s', url], expect: 'hello /x\n' });
else console.log('curl not installed: skipped');
const nc = have('nc') ? { name: 'printf GET | nc', cmd: 'nc', args: ['127.0.0.1', String(server.port)], input: 'GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', rounds: NC_ROUNDS } : undefined;
if (nc) contenders.push(nc);
else console.log('nc not installed: skipped');

const wall = new Map(contenders.map((c) => [c.name, []]));
const cpu = new Map(contenders.map((c) => [c.name, []]));
const load = loadavg()[0];
try {
  // One warm-up of each (page cache, V8 code cache), not counted.
  for (const c of contenders) if (c !== nc) await timedRun(c.cmd, c.args, { timeoutMs: 30_000 });
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      if (c.rounds !== undefined && round >= c.rounds) continue;
      const r = await timedRun(c.cmd, c.args, { timeoutMs: 30_000, input: c.input });
      if (r.code !== 0) throw new Error(`${c.name} exited ${r.code}: ${r.stderr}`);
      if (c.expect !== undefined && r.stdout !== c.expect) throw new Error(`${c.name} printed ${JSON.stringify(r.stdout)}`);
      wall.get(c.name).push(r.ms);
      cpu.get(c.name).push(r.cpuMs);
    }
  }
} finally {
  await server.stop();
}

const w = (name) => median(wall.get(name));
const c = (name) => median(cpu.get(name));
console.log(`http-oneshot: one GET, keep-alive server, medians of ${ROUNDS} interleaved rounds (${machine()}, load average ${load.toFixed(1)} at start)`);
console.log(`  ${''.padEnd(18)} ${'wall ms'.padStart(9)} ${'x node'.padStart(7)} ${'cpu ms'.padStart(8)} ${'x node'.padStart(7)}`);
for (const { name } of contenders) {
  console.log(`  ${name.padEnd(18)} ${fmt(w(name)).padStart(9)} ${fmt(w(name) / w("node -e ''"), 2).padStart(7)} ${fmt(c(name), 0).padStart(8)} ${fmt(c(name) / c("node -e ''"), 2).padStart(7)}   (${wall.get(name).length} runs)`);
}
console.log(`  nettk http - nettk --version (the command's own cost): wall ${fmt(w('nettk http URL') - w('nettk --version'))} ms, cpu ${fmt(c('nettk http URL') - c('nettk --version'), 0)} ms`);
const ratio = w('nettk http URL') / w("node -e ''");
console.log(`  target nettk <= 1.30x node -e '' (wall): ${ratio <= 1.3 ? 'met' : 'MISSED'} (${fmt(ratio, 2)}x; cpu ${fmt(c('nettk http URL') / c("node -e ''"), 2)}x)`);
