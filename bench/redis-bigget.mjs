// GET of a 100 MiB value written to a file: peak RSS (from /usr/bin/time -f %M)
// and wall time of `nettk redis --binary get big > file` vs `redis-cli --raw`
// (which also appends a newline) and ioredis getBuffer / node-redis Buffer
// one-shot scripts, against a redis-server started here. Checks the file
// equals the value byte for byte.
// Usage: node bench/redis-bigget.mjs [MiB=100]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisClient } from '@nettk/redis';
import { startRedis } from './lib.mjs';

const MIB = Number(process.argv[2] ?? 100);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(root, 'bench/.redis-bigget-'));

const redis = await startRedis();
const { port } = redis;

try {
  const value = randomBytes(MIB * 1024 * 1024);
  const client = await RedisClient.connect({ port });
  await client.call('SET', 'big', value);
  await client.close();
  writeFileSync(join(dir, 'ioredis.mjs'), `import Redis from 'ioredis'; const c = new Redis(${port}); process.stdout.write(await c.getBuffer('big')); c.disconnect();`);
  writeFileSync(join(dir, 'node-redis.mjs'), `import { createClient, RESP_TYPES } from 'redis'; const c = createClient({ socket: { port: ${port} } }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }); await c.connect(); process.stdout.write(await c.get('big')); await c.quit();`);
  const contenders = {
    'nettk redis --binary': [process.execPath, [join(root, 'bin/nettk.js'), 'redis', '-p', String(port), '--binary', 'get', 'big']],
    'redis-cli --raw': ['redis-cli', ['-p', String(port), '--raw', 'get', 'big']],
    'ioredis getBuffer': [process.execPath, [join(dir, 'ioredis.mjs')]],
    'node-redis Buffer': [process.execPath, [join(dir, 'node-redis.mjs')]],
  };
  console.log(`GET of a ${MIB} MiB value into a file:`);
  for (const [name, [cmd, args]] of Object.entries(contenders)) {
    const out = join(dir, 'out');
    const fd = openSync(out, 'w');
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', fd, 'pipe'], timeout: 120_000 });
    const ms = performance.now() - t0;
    closeSync(fd);
    const rssMb = Number(r.stderr.toString().trim().split('\n').pop()) / 1024;
    const file = readFileSync(out);
    const same = file.equals(value) ? 'identical' : file.length === value.length + 1 && file.subarray(0, value.length).equals(value) ? 'value + "\\n"' : `DIFFERENT (${file.length} bytes)`;
    console.log(`  ${name.padEnd(22)} peak RSS ${rssMb.toFixed(0).padStart(4)} MB  ${ms.toFixed(0).padStart(5)} ms  file: ${same}`);
  }
} finally {
  redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
