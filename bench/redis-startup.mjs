// One-shot `PING` as a whole process, wall time: nettk redis ping vs `node -e ''`
// (the floor for any Node CLI), ioredis and node-redis one-shot scripts, and
// redis-cli, alternating runs, median of N each, against a redis-server
// started here on a free loopback port.
// Usage: node bench/redis-startup.mjs [runs=15]
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from './lib.mjs';

const RUNS = Number(process.argv[2] ?? 15);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/nettk.js');

const redis = await startRedis();
const { port } = redis;

// The anchors' one-shot scripts live beside the repo's node_modules so they resolve ioredis / redis.
const dir = mkdtempSync(join(root, 'bench/.redis-startup-'));
writeFileSync(join(dir, 'ioredis.mjs'), `import Redis from 'ioredis'; const c = new Redis(${port}); console.log(await c.ping()); c.disconnect();`);
writeFileSync(join(dir, 'node-redis.mjs'), `import { createClient } from 'redis'; const c = createClient({ socket: { port: ${port} } }); await c.connect(); console.log(await c.ping()); await c.quit();`);

const contenders = {
  "node -e ''": [process.execPath, ['-e', '']],
  'nettk redis ping': [process.execPath, [bin, 'redis', '-p', String(port), 'ping']],
  'ioredis one-shot': [process.execPath, [join(dir, 'ioredis.mjs')]],
  'node-redis one-shot': [process.execPath, [join(dir, 'node-redis.mjs')]],
  'redis-cli ping': ['redis-cli', ['-p', String(port), 'ping']],
};
const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
try {
  for (let run = 0; run < RUNS + 2; run++) {
    for (const [name, [cmd, args]] of Object.entries(contenders)) {
      const t0 = performance.now();
      const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
      if (run >= 2) times[name].push(ms); // two warm-up rounds (disk cache, code cache)
    }
  }
} finally {
  redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const floor = median(times["node -e ''"]);
console.log(`One-shot PING, whole process, median of ${RUNS} (ratio to node -e ''):`);
for (const [name, t] of Object.entries(times)) console.log(`  ${name.padEnd(20)} ${median(t).toFixed(1).padStart(7)} ms  ×${(median(t) / floor).toFixed(2)}`);
