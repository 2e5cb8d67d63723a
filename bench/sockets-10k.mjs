// With 10,000 established loopback connections open (20,000 sockets):
//   nettk sockets --json   vs  ss -tanp            (target ≤ 2×)
//   nettk who PORT         vs  lsof -nP -i :PORT   (target ≤ 0.5×), for a quiet port (one
//                          listener, one connection, in a process started after the busy ones)
//                          and for the busy port itself (20,000 holders: the worst case)
// Whole-process wall time, interleaved runs in the same session, medians.
// Usage: node bench/sockets-10k.mjs [connections=10000] [rounds=7]
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const connections = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 7);
const holder = fileURLToPath(new URL('./sockets-holder.mjs', import.meta.url));
const nettk = fileURLToPath(new URL('../bin/nettk.js', import.meta.url));
const deadline = setTimeout(() => {
  console.error('bench: deadline (10 min) reached');
  process.exit(3);
}, 600_000);

function startHolder(args) {
  const child = spawn(process.execPath, [holder, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { child, ready };
}

function have(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

const devNull = openSync('/dev/null', 'w');
// CPU time too (via GNU time when installed): on a shared machine wall time mostly measures the neighbours.
const TIME = ['/usr/bin/time'].find((t) => spawnSync(t, ['-f', '%U', 'true']).status === 0);
function run(cmd, args) {
  const t = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'cpu %U %S', cmd, ...args], { stdio: ['ignore', devNull, 'pipe'], maxBuffer: 1 << 20 })
    : spawnSync(cmd, args, { stdio: ['ignore', devNull, 'pipe'], maxBuffer: 1 << 20 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(String(r.stderr));
  return { ms, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const tool of ['ss', 'lsof']) if (!have(tool)) throw new Error(`${tool} is not installed (apt-get install -y ${tool === 'ss' ? 'iproute2' : 'lsof'})`);
const server = startHolder(['server']);
const { port } = await server.ready;
const client = startHolder(['client', String(port), String(connections)]);
let small;
try {
  const { open } = await client.ready;
  small = startHolder(['small']);
  const quiet = (await small.ready).port;
  console.log(`${open} established loopback connections to 127.0.0.1:${port} (${2 * open} sockets)`);
  const pairs = [
    { name: 'nettk sockets --json', ours: [process.execPath, [nettk, 'sockets', '--json']], anchor: ['ss', ['-tanp']], anchorName: 'ss -tanp', target: 2 },
    { name: `nettk who ${quiet} (quiet)`, ours: [process.execPath, [nettk, 'who', String(quiet)]], anchor: ['lsof', ['-nP', '-i', `:${quiet}`]], anchorName: `lsof -nP -i :${quiet}`, target: 0.5 },
    { name: `nettk who ${port} (busy)`, ours: [process.execPath, [nettk, 'who', String(port)]], anchor: ['lsof', ['-nP', '-i', `:${port}`]], anchorName: `lsof -nP -i :${port}`, target: 0.5 },
  ];
  for (const p of pairs) {
    run(...p.ours); // warm the page cache and nettk's code cache
    const ours = [];
    const anchor = [];
    for (let i = 0; i < rounds; i++) {
      anchor.push(run(...p.anchor));
      ours.push(run(...p.ours));
    }
    const wall = median(ours.map((r) => r.ms)) / median(anchor.map((r) => r.ms));
    const cpu = median(ours.map((r) => r.cpu)) / median(anchor.map((r) => r.cpu));
    const fmt = (rs) => `${median(rs.map((r) => r.ms)).toFixed(0).padStart(5)} ms wall${TIME ? ` ${median(rs.map((r) => r.cpu)).toFixed(0).padStart(5)} ms cpu` : ''}`;
    console.log(`${p.name.padEnd(28)} ${fmt(ours)}   ${p.anchorName.padEnd(22)} ${fmt(anchor)}`);
    console.log(`${''.padEnd(28)} ratio wall ${wall.toFixed(2)}${TIME ? `, cpu ${cpu.toFixed(2)}` : ''} (target ≤ ${p.target}) ${wall <= p.target ? 'OK' : 'MISSED'}`);
  }
} finally {
  small?.child.stdin.end();
  client.child.stdin.end();
  server.child.stdin.end();
  closeSync(devNull);
  clearTimeout(deadline);
}
