// Full 1-65535 loopback scan: nettk vs nc -z (netcat-openbsd) vs nmap -sT,
// alternating runs in one process, median wall time, ratio to nc, peak RSS,
// and phantom open ports (open ports nobody was listening on).
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { NETTK, fmt, have, machine, median, timed } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 5);

function listeners() {
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A' || !f[1]) continue;
      const [addr, port] = f[1].split(':');
      if (/^(0100007F|0+|0000000000000000FFFF00000100007F)$/.test(addr)) ports.add(parseInt(port, 16));
    }
  }
  return ports;
}

const server = createServer((s) => s.destroy());
await new Promise((r) => server.listen(0, '127.0.0.1', r));

const tools = [
  // The default (table) output, as a user runs it; --json would add a 10 MB document to the RSS.
  { name: 'nettk', cmd: process.execPath, args: [NETTK, 'probe', '127.0.0.1', '1-65535'], open: (r) => [...r.stdout.matchAll(/^(\d+)\/tcp +open/gm)].map((m) => Number(m[1])) },
];
if (have('nc')) tools.push({ name: 'nc -z', cmd: 'nc', args: ['-z', '-v', '127.0.0.1', '1-65535'], open: (r) => [...r.stderr.matchAll(/Connection to \S+ (\d+) port .* succeeded/g)].map((m) => Number(m[1])) });
if (have('nmap')) tools.push({ name: 'nmap -sT', cmd: 'nmap', args: ['-sT', '-n', '-Pn', '-p1-65535', '--min-rate', '50000', '127.0.0.1', '-oG', '-'], open: (r) => [...r.stdout.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1])) });

const stats = new Map(tools.map((t) => [t.name, { ms: [], rss: [], phantoms: [] }]));
for (let run = 0; run < RUNS; run++) {
  for (const t of tools) {
    const before = listeners();
    const r = await timed(t.cmd, t.args);
    for (const p of listeners()) before.add(p);
    const s = stats.get(t.name);
    s.ms.push(r.ms);
    s.rss.push(r.rssMb);
    s.phantoms.push(t.open(r).filter((p) => !before.has(p)).length);
  }
}
server.close();

const base = stats.get('nc -z') ? median(stats.get('nc -z').ms) : null;
console.log(`probe-scan: 127.0.0.1 ports 1-65535, ${RUNS} alternating runs, ${machine()}`);
console.log('tool        median wall   ratio/nc   peak RSS    phantom open ports per run');
for (const [name, s] of stats) {
  const m = median(s.ms);
  console.log(`${name.padEnd(11)} ${fmt(m / 1000, 2).padStart(8)} s   ${base ? fmt(m / base, 2).padStart(6) + '×' : '   n/a'}   ${fmt(Math.max(...s.rss.map((x) => x ?? 0)), 0).padStart(5)} MB   ${s.phantoms.join(' ')}`);
}
