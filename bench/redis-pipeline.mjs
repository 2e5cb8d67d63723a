// Explicit pipeline of N SET then N GET over one connection (default 100k):
// @nettk/redis vs ioredis vs node-redis vs a raw node:net + redis-parser loop,
// against a redis-server started here on a free loopback port. Ratios are
// nettk's ops/s over each anchor's, best of R rounds (the machine is shared).
// Usage: node bench/redis-pipeline.mjs [N=100000] [rounds=3]
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { RedisClient } from '@nettk/redis';
import { startRedis } from './lib.mjs';

const require = createRequire(import.meta.url);
const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);


const nettk = (stringBulks, api = 'batch') => async (port) => {
  const c = await RedisClient.connect({ port, stringBulks });
  return {
    // The explicit pipeline API: one promise for the batch, replies in order.
    // batch() encodes each command into the output buffer as it is added and
    // writes every 64 KiB; pipeline() takes the commands as an array of arrays.
    batch:
      api === 'batch'
        ? (cmd, keys, values) => {
            const b = c.batch();
            if (values) for (let i = 0; i < keys.length; i++) b.add(cmd, keys[i], values[i]);
            else for (let i = 0; i < keys.length; i++) b.add(cmd, keys[i]);
            return b.exec();
          }
        : (cmd, keys, values) => {
            const commands = new Array(keys.length);
            for (let i = 0; i < keys.length; i++) commands[i] = values ? [cmd, keys[i], values[i]] : [cmd, keys[i]];
            return c.pipeline(commands);
          },
    close: () => c.close(),
  };
};

const clients = {
  // Text replies, as the anchors return them by default (ioredis, node-redis, redis-parser).
  nettk: nettk(true),
  // Buffer replies: binary-safe, what the CLI uses.
  'nettk (Buffers)': nettk(false),
  // The same commands given to pipeline() as 100k argument arrays.
  'nettk pipeline()': nettk(true, 'pipeline'),
  async ioredis(port) {
    const { default: Redis } = await import('ioredis');
    const c = new Redis({ port, lazyConnect: true, enableAutoPipelining: false });
    await c.connect();
    return {
      // ioredis' own explicit pipeline is its fast path.
      batch: async (cmd, keys, values) => {
        const p = c.pipeline();
        for (let i = 0; i < keys.length; i++) (values ? p.set(keys[i], values[i]) : p.get(keys[i]));
        return p.exec();
      },
      close: () => c.quit(),
    };
  },
  async 'node-redis'(port) {
    const { createClient } = await import('redis');
    const c = createClient({ socket: { port, host: '127.0.0.1' } });
    await c.connect();
    return {
      batch: async (cmd, keys, values) => {
        const m = c.multi();
        for (let i = 0; i < keys.length; i++) (values ? m.set(keys[i], values[i]) : m.get(keys[i]));
        return m.execAsPipeline();
      },
      close: () => c.quit(),
    };
  },
  async 'net+redis-parser'(port) {
    const Parser = require('redis-parser');
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.setNoDelay(true);
    // Replies are kept, in order, as every client must hand them to its caller
    // (nettk's pipeline() resolves with the array; so do ioredis and node-redis).
    let expected = 0;
    let got = 0;
    let replies;
    let done;
    const parser = new Parser({
      returnReply: (reply) => {
        replies[got] = reply;
        if (++got === expected) done(replies);
      },
      returnError: (error) => {
        replies[got] = error;
        if (++got === expected) done(replies);
      },
    });
    socket.on('data', (d) => parser.execute(d));
    return {
      batch: (cmd, keys, values) =>
        new Promise((resolve) => {
          got = 0;
          expected = keys.length;
          replies = new Array(expected);
          done = resolve;
          let out = '';
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i];
            out += values
              ? `*3\r\n$3\r\nSET\r\n$${Buffer.byteLength(k)}\r\n${k}\r\n$${Buffer.byteLength(values[i])}\r\n${values[i]}\r\n`
              : `*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(k)}\r\n${k}\r\n`;
            if (out.length > 65536) (socket.write(out), (out = ''));
          }
          socket.write(out);
        }),
      close: () => socket.end(),
    };
  },
};

const keys = Array.from({ length: N }, (_, i) => `key:${i}`);
const values = Array.from({ length: N }, (_, i) => `value-${i}-xxxxxxxxxxxxxxxx`);

async function measure(name, port) {
  const c = await clients[name](port);
  // Wall (ops/s) and this process's CPU: the client's own cost, which the
  // server's share does not blur (near the server's ceiling both clients'
  // ops/s converge on redis-server's speed).
  const phase = async (cmd, vals) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (c.batch) await c.batch(cmd, keys, vals);
    else {
      const all = new Array(N);
      for (let i = 0; i < N; i++) all[i] = c.run(cmd, keys[i], vals ? vals[i] : undefined);
      await Promise.all(all);
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { ops: N / (ms / 1000), cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const set = await phase('SET', values);
  const get = await phase('GET');
  await c.close();
  return { set, get };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const redis = await startRedis();
try {
  const runs = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(clients)) {
      const r = await measure(name, redis.port);
      runs[name] ??= { set: [], get: [], setCpu: [], getCpu: [] };
      runs[name].set.push(r.set.ops);
      runs[name].get.push(r.get.ops);
      runs[name].setCpu.push(r.set.cpuMs);
      runs[name].getCpu.push(r.get.cpuMs);
    }
  }
  const k = (n) => `${Math.round(n / 1000)}k`.padStart(6);
  const ms = (n) => `${Math.round(n)} ms`.padStart(7);
  const best = Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, { set: Math.max(...r.set), get: Math.max(...r.get) }]));
  const med = Object.fromEntries(
    Object.entries(runs).map(([name, r]) => [name, { set: median(r.set), get: median(r.get), setCpu: median(r.setCpu), getCpu: median(r.getCpu) }]),
  );
  console.log(`Pipeline of ${N} SET then ${N} GET, one connection, ${ROUNDS} rounds: ops/s best and median, client CPU median`);
  for (const [name, r] of Object.entries(best)) {
    const m = med[name];
    const ratio = name.startsWith('nettk')
      ? ''
      : `   nettk ×${(best.nettk.set / r.set).toFixed(2)} / ×${(med.nettk.set / m.set).toFixed(2)} SET, ×${(best.nettk.get / r.get).toFixed(2)} / ×${(med.nettk.get / m.get).toFixed(2)} GET (best / median)` +
        `, CPU ×${(m.setCpu / med.nettk.setCpu).toFixed(2)} SET, ×${(m.getCpu / med.nettk.getCpu).toFixed(2)} GET (theirs / nettk's)`;
    console.log(`  ${name.padEnd(18)} SET ${k(r.set)} ${k(m.set)} ${ms(m.setCpu)}  GET ${k(r.get)} ${k(m.get)} ${ms(m.getCpu)}${ratio}`);
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify({ best, median: med }));
} finally {
  redis.stop();
}
