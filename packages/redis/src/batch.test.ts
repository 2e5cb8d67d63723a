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

  it('writes a big batch while it is being built, and holds back commands sent meanwhile until exec()', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const before = client.send(['ECHO', 'before']);
    const b = client.batch();
    let i = 0;
    // Past 64 KiB the first part goes out at once.
    for (; i < 4000; i++) b.add('ECHO', `value-${i}`);
    await until(() => server.seen.some((c) => c[1] === 'value-0'), 'the first part of the batch');
    expect(server.seen[0]).toEqual(['ECHO', 'before']);
    expect(await before).toBe('before');
    const meanwhile = client.send(['ECHO', 'meanwhile']);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.seen.some((c) => c[1] === 'meanwhile')).toBe(false);
    // Replies to the part already sent arrive before exec(); they are kept.
    for (; i < 6000; i++) b.add('ECHO', `value-${i}`);
    const replies = await b.exec();
    expect(replies).toHaveLength(6000);
    expect(replies.every((r, k) => r === `value-${k}`)).toBe(true);
    expect(await meanwhile).toBe('meanwhile');
    expect(server.seen.at(-1)).toEqual(['ECHO', 'meanwhile']);
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

  it('close() executes a batch that has started sending', async () => {
    const client = await connect({ port: server.port, stringBulks: true });
    const b = client.batch();
    for (let i = 0; i < 5000; i++) b.add('ECHO', `v${i}`);
    await client.close();
    const replies = await b.exec();
    expect(replies).toHaveLength(5000);
    expect(replies[4999]).toBe('v4999');
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
    await expect(client.pipeline([['PING'], []])).rejects.toThrow(/at least one word/);
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
    const middle = client.call('INCR', 'bb:counter');
    const replies = await b.exec();
    const last = client.call('INCR', 'bb:counter');
    expect(await first).toBe(1);
    expect(replies[0]).toBe(2);
    expect(replies[9999]).toBe(10_001);
    expect(await middle).toBe(10_002);
    expect(await last).toBe(10_003);
    await client.close();
  });
});
