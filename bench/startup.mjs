// Whole-process start-up: `nettk probe 127.0.0.1 <open port>` and `nettk --help`
// vs `node -e ''` (and nc -zv for scale), alternating runs, medians, ratios.
import { createServer } from 'node:net';
import { NETTK, fmt, have, machine, median, timed } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 30);
const server = createServer((s) => s.destroy());
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = String(server.address().port);

const cases = [
  ["node -e ''", process.execPath, ['-e', '']],
  ['nettk --help', process.execPath, [NETTK, '--help']],
  ['nettk probe (1 port)', process.execPath, [NETTK, 'probe', '127.0.0.1', port]],
];
if (have('nc')) cases.push(['nc -zv (1 port)', 'nc', ['-zv', '127.0.0.1', port]]);
const times = new Map(cases.map(([n]) => [n, []]));
for (let i = 0; i < 3; i++) for (const [, c, a] of cases) await timed(c, a); // warm-up
for (let i = 0; i < RUNS; i++) for (const [n, c, a] of cases) times.get(n).push((await timed(c, a)).ms);
server.close();

const base = median(times.get("node -e ''"));
console.log(`startup: ${RUNS} alternating runs, ${machine()}`);
for (const [n, t] of times) console.log(`${n.padEnd(22)} ${fmt(median(t)).padStart(7)} ms   ${fmt(median(t) / base, 2)}× node -e ''`);
