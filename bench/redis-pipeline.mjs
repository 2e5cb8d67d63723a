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


const nettk = (stringBulks) => async (port) => {
  const c = await RedisClient.connect({ port, stringBulks });
  return {
    // The explicit pipeline API: one promise for the batch, replies in order.
    batch: (cmd, keys, values) => {
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
  const phase = async (cmd, vals) => {
    const t0 = performance.now();
    if (c.batch) await c.batch(cmd, keys, vals);
    else {
      const all = new Array(N);
      for (let i = 0; i < N; i++) all[i] = c.run(cmd, keys[i], vals ? vals[i] : undefined);
      await Promise.all(all);
    }
    return N / ((performance.now() - t0) / 1000);
  };
  const set = await phase('SET', values);
  const get = await phase('GET');
  await c.close();
  return { set, get };
}

const redis = await startRedis();
try {
  const best = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(clients)) {
      const r = await measure(name, redis.port);
      best[name] ??= { set: 0, get: 0 };
      best[name].set = Math.max(best[name].set, r.set);
      best[name].get = Math.max(best[name].get, r.get);
    }
  }
  const k = (n) => `${Math.round(n / 1000)}k`.padStart(6);
  console.log(`Pipeline of ${N} SET then ${N} GET, one connection, ops/s (best of ${ROUNDS}):`);
  for (const [name, r] of Object.entries(best)) {
    const ratio = name.startsWith('nettk') ? '' : `   nettk ×${(best.nettk.set / r.set).toFixed(2)} SET, ×${(best.nettk.get / r.get).toFixed(2)} GET`;
    console.log(`  ${name.padEnd(18)} SET ${k(r.set)}  GET ${k(r.get)}${ratio}`);
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(best));
} finally {
  redis.stop();
}
