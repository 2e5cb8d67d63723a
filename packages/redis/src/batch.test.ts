import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NettkError, TimeoutError } from '@nettk/core';
import { listen } from '../../../test/helpers/servers.js';
import { redisServerPath, startRedis, type RedisServer } from '../../../test/helpers/redis-server.js';
import { RedisClient } from './client.js';
import type { RedisClientOptions } from './client-options.js';
import { RequestReader } from './request-reader.js';
import { ReplyError, textOf, type RespValue } from './values.js';

const available = redisServerPath() !== undefined;
const opened: RedisClient[] = [];
async function connect(options: RedisClientOptions): Promise<RedisClient> {
  const client = await RedisClient.connect(options);
  opened.push(client);
  return client;
}
afterEach(() => {
  for (const c of opened.splice(0)) c.destroy();
});

const until = async (ok: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

/**
 * A loopback server that answers ECHO with its argument, PING with PONG,
 * SILENCE with nothing, and anything else with +OK; it records every
 * command in arrival order.
 */
async function fakeRedis() {
  const seen: string[][] = [];
  const sockets: Socket[] = [];
  const server = await listen({
    onConnection: (socket) => {
      sockets.push(socket);
      const reader = new RequestReader();
      socket.on('data', (chunk: Buffer) => {
        let out = '';
        for (const command of reader.push(chunk)) {
          const args = command.map(String);
          seen.push(args);
          const name = args[0]!.toUpperCase();
          if (name === 'ECHO') out += `$${Buffer.byteLength(args[1]!)}\r\n${args[1]}\r\n`;
          else if (name === 'PING') out += '+PONG\r\n';
          else if (name !== 'SILENCE') out += '+OK\r\n';
        }
        if (out) socket.write(out);
      });
    },
  });
  return { ...server, seen, sockets };
}

describe('RedisBatch against a fake server', () => {
  let server: Awaited<ReturnType<typeof fakeRedis>>;
  beforeAll(async () => {
    server = await fakeRedis();
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.seen.length = 0;
  });

  it('resolves with every reply in command order, and executes once', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const b = client.batch();
    b.add('ECHO', 'a').add('PING').add('ECHO', 42).add('ECHO', 7n).add('ECHO', Buffer.from('bytes'));
    b.add('SET', 'k', 'v', 'EX', 10, 'NX'); // more than five words: the array path
    b.addArgs(['ECHO', 'héllo ✓']);
    expect(b.length).toBe(7);
    const replies = b.exec();
    expect(b.exec()).toBe(replies);
    expect(await replies).toEqual(['a', 'PONG', '42', '7', 'bytes', 'OK', 'héllo ✓']);
    expect(server.seen[5]).toEqual(['SET', 'k', 'v', 'EX', '10', 'NX']);
    expect(() => b.add('PING')).toThrow(NettkError);
    expect(await client.batch().exec()).toEqual([]);
    expect(() => client.batch().add()).toThrow(/at least one word/);
  });

  it('writes a big batch while it is being built; a command sent meanwhile goes out between its parts with its own reply', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const before = client.send(['ECHO', 'before']);
    const b = client.batch();
    let i = 0;
    // Past 64 KiB the first part goes out at once.
    for (; i < 4000; i++) b.add('ECHO', `value-${i}`);
    await until(() => server.seen.some((c) => c[1] === 'value-0'), 'the first part of the batch');
    expect(server.seen[0]).toEqual(['ECHO', 'before']);
    expect(await before).toBe('before');
    // Not held back by the open batch: sent and answered before exec().
    expect(await client.call('ECHO', 'meanwhile')).toBe('meanwhile');
    for (; i < 6000; i++) b.add('ECHO', `value-${i}`);
    const replies = await b.exec();
    expect(replies).toHaveLength(6000);
    expect(replies.every((r, k) => r === `value-${k}`)).toBe(true);
    const order = server.seen.map((c) => c[1]);
    expect(order.indexOf('meanwhile')).toBeGreaterThan(order.indexOf('value-0'));
    expect(order.indexOf('meanwhile')).toBeLessThan(order.indexOf('value-5999'));
  });

  it('keeps the replies of two open batches, a pipeline and single commands apart, whatever the interleaving', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const a = client.batch();
    for (let i = 0; i < 3000; i++) a.add('ECHO', `a${i}`); // open: its first 64 KiB are out
    const single = client.call('ECHO', 'single');
    const piped = client.pipeline(Array.from({ length: 3000 }, (_, i) => ['ECHO', `p${i}`]));
    const b = client.batch();
    for (let i = 0; i < 3000; i++) b.add('ECHO', `b${i}`);
    for (let i = 3000; i < 3100; i++) a.add('ECHO', `a${i}`);
    const [ra, rs, rp, rb] = await Promise.all([a.exec(), single, piped, b.exec()]);
    expect(ra).toEqual(Array.from({ length: 3100 }, (_, i) => `a${i}`));
    expect(rs).toBe('single');
    expect(rp).toEqual(Array.from({ length: 3000 }, (_, i) => `p${i}`));
    expect(rb).toEqual(Array.from({ length: 3000 }, (_, i) => `b${i}`));
  });

  it('never holds up the connection: a batch left unexecuted neither blocks later commands nor times them out', async () => {
    const client = await connect({ port: server.port, stringBulks: true, commandTimeoutMs: 300 });
    const b = client.batch();
    for (let i = 0; i < 4000; i++) b.add('ECHO', `v${i}`); // its first part is sent
    expect(await client.call('ECHO', 'after')).toBe('after');
    // Longer than the command timeout, with part of the batch sent and answered: nothing is late.
    await new Promise((r) => setTimeout(r, 500));
    expect(client.error).toBeUndefined();
    expect(await client.call('PING')).toBe('PONG');
  });

  it('rejects a command with a bad argument before sending a byte of it', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const b = client.batch();
    b.add('ECHO', 'one');
    expect(() => b.add('SET', 'k', undefined as unknown as string)).toThrow(/argument 3 is undefined/);
    expect(() => b.addArgs(['SET', 'k', { v: 1 } as unknown as string])).toThrow(/argument 3 is object/);
    b.add('ECHO', 'two');
    expect(await b.exec()).toEqual(['one', 'two']);
    // pipeline() is all or nothing.
    await expect(client.pipeline([['SET', 'a', '1'], ['SET', 'b', null as unknown as string]])).rejects.toThrow(/command argument 3 is null/);
    await expect(client.send(['SET', 'c', undefined as unknown as string])).rejects.toThrow(/argument 3 is undefined/);
    expect(await client.call('ECHO', 'next')).toBe('next');
    expect(server.seen).toEqual([['ECHO', 'one'], ['ECHO', 'two'], ['ECHO', 'next']]);
  });

  it('resolves at exec() when every reply arrived before it', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const b = client.batch(1);
    const big = 'x'.repeat(70_000); // one command past 64 KiB: sent at add()
    b.add('ECHO', big);
    await until(() => client.bytesIn >= 70_000, 'the reply');
    expect(await b.exec()).toEqual([big]);
    expect(await client.call('PING')).toBe('PONG');
  });

  it('sends nothing for a small batch that is never executed', async () => {
    const client = await connect({ port: server.port });
    client.batch().add('ECHO', 'dropped');
    expect(await client.call('PING')).toBe('PONG');
    expect(server.seen).toEqual([['PING']]);
  });

  it('close() reads the replies of the parts already sent; a batch executed after close() rejects', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const b = client.batch();
    for (let i = 0; i < 5000; i++) b.add('ECHO', `v${i}`);
    await until(() => server.seen.length > 0, 'the first part of the batch');
    await client.close();
    await expect(b.exec()).rejects.toThrow(/closed/);
  });

  it('rejects the batch when the connection fails, before or after exec(), with no unhandled rejection', async () => {
    const client = await connect({ port: server.port });
    const b = client.batch();
    for (let i = 0; i < 5000; i++) b.add('SILENCE', `v${i}`);
    await until(() => server.seen.length > 0, 'the first part of the batch');
    for (const s of server.sockets) s.destroy();
    await until(() => client.error !== undefined, 'the failure');
    await new Promise((r) => setTimeout(r, 20)); // an unhandled rejection would surface here
    b.add('PING');
    await expect(b.exec()).rejects.toThrow(/closed the connection|ECONNRESET/);
    await expect(client.batch().add('PING').exec()).rejects.toThrow(NettkError);
  });

  it('fails a batch whose replies do not come within the command timeout', async () => {
    const client = await connect({ port: server.port, commandTimeoutMs: 200 });
    const b = client.batch();
    b.add('SILENCE');
    await expect(b.exec()).rejects.toBeInstanceOf(TimeoutError);
  });

  it('keeps pipeline() working on top of it', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    expect(await client.pipeline([])).toEqual([]);
    const commands = Array.from({ length: 5000 }, (_, i) => ['ECHO', `p${i}`]);
    const replies = await client.pipeline(commands);
    expect(replies).toEqual(commands.map((c) => c[1]));
    await expect(client.pipeline([['PING'], []])).rejects.toThrow(/command 2 has no words/);
    expect(await client.call('PING')).toBe('PONG');
  });
});

// redis-server is installed by the test setup when missing (as root); otherwise these are skipped with a loud line.
describe.skipIf(!available)('RedisBatch against a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const stringBulks of [true, false]) {
    it(`sets and gets 100k keys in two batches (${stringBulks ? 'text' : 'Buffer'} replies)`, async () => {
      const client = await connect({ port: server.port, stringBulks });
      const n = 100_000;
      const sets = client.batch();
      for (let i = 0; i < n; i++) sets.add('SET', `b:${i}`, `value-${i}${i % 1000 === 0 ? '-é' : ''}`);
      const ok = await sets.exec();
      expect(ok).toHaveLength(n);
      expect(ok.every((r) => r === 'OK')).toBe(true);
      const gets = client.batch(n);
      for (let i = 0; i < n; i++) gets.add('GET', `b:${i}`);
      gets.add('GET', 'b:missing');
      const values = await gets.exec();
      expect(values).toHaveLength(n + 1);
      expect(values[n]).toBeNull();
      if (stringBulks) expect(values.slice(0, n).every((v) => typeof v === 'string')).toBe(true);
      else expect(values.slice(0, n).every((v) => Buffer.isBuffer(v))).toBe(true);
      expect(values.slice(0, n).every((v, i) => textOf(v!) === `value-${i}${i % 1000 === 0 ? '-é' : ''}`)).toBe(true);
      await client.close();
    });
  }

  it('gives error replies as ReplyError values in their place, and keeps binary values exact', async () => {
    const client = await connect({ port: server.port });
    const bytes = Buffer.from([0, 255, 13, 10, 36, 42]);
    const b = client.batch();
    b.add('SET', 'bb:str', 'abc').add('INCR', 'bb:str').add('SET', 'bb:bin', bytes).add('GET', 'bb:bin');
    b.add('RPUSH', 'bb:list', 'a', 'b', 'c', 'd', 'e', 'f').add('LRANGE', 'bb:list', 0, -1);
    const [set, incr, setBin, bin, pushed, range] = (await b.exec()) as [RespValue, RespValue, RespValue, Buffer, number, Buffer[]];
    expect(set).toBe('OK');
    expect(incr).toBeInstanceOf(ReplyError);
    expect((incr as ReplyError).prefix).toBe('ERR');
    expect(setBin).toBe('OK');
    expect(bin.equals(bytes)).toBe(true);
    expect(pushed).toBe(6);
    expect(range.map(String)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    await client.close();
  });

  it('interleaves with one-by-one commands in the order they were sent', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    await client.call('DEL', 'bb:counter');
    const first = client.call('INCR', 'bb:counter');
    const b = client.batch();
    for (let i = 0; i < 10_000; i++) b.add('INCR', 'bb:counter');
    // Sent after the batch's first 64 KiB and before the rest: it lands between them.
    const middle = client.call('INCR', 'bb:counter');
    const [replies, m, f] = await Promise.all([b.exec(), middle, first]);
    const last = await client.call('INCR', 'bb:counter');
    expect(f).toBe(1);
    expect(m).toBeGreaterThan(2);
    expect(m).toBeLessThan(10_002);
    const counts = replies as number[];
    expect(counts).toHaveLength(10_000);
    expect([...counts, m].sort((x, y) => (x as number) - (y as number))).toEqual(Array.from({ length: 10_001 }, (_, i) => i + 2));
    expect(counts.every((c, i) => i === 0 || c > counts[i - 1]!)).toBe(true);
    expect(last).toBe(10_003);
    await client.close();
  });
});
