import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LimitError, NettkError, ProtocolError, TimeoutError } from '@nettk/core';
import { RedisClient, ReplyError, RequestReader, RespMap, RespPush, textOf, type RespValue } from '@nettk/redis';
import { listen } from './helpers/servers.js';
import { redisServerPath, startRedis, type RedisServer } from './helpers/redis-server.js';

const available = redisServerPath() !== undefined;
const opened: RedisClient[] = [];
async function connect(options: Parameters<typeof RedisClient.connect>[0]): Promise<RedisClient> {
  const client = await RedisClient.connect(options);
  opened.push(client);
  return client;
}
afterEach(() => {
  for (const c of opened.splice(0)) c.destroy();
});

/** A Redis 5 lookalike: no HELLO, AUTH and PING only; records the commands it got. */
async function redis5(seen: string[][]) {
  return listen({
    onConnection: (socket) => {
      const reader = new RequestReader();
      socket.on('data', (chunk: Buffer) => {
        for (const command of reader.push(chunk)) {
          const args = command.map(String);
          seen.push(args);
          const name = args[0]!.toUpperCase();
          socket.write(name === 'HELLO' ? `-ERR unknown command '${args[0]}', with args beginning with: '3'\r\n` : name === 'PING' ? '+PONG\r\n' : '+OK\r\n');
        }
      });
    },
  });
}

describe('RedisClient against fake servers', () => {
  it('falls back to RESP2 and AUTH when the server does not know HELLO', async () => {
    const seen: string[][] = [];
    const server = await redis5(seen);
    try {
      const client = await connect({ port: server.port, protocol: 3, username: 'u', password: 'p', db: 2 });
      expect(client.protocol).toBe(2);
      expect(await client.call('PING')).toBe('PONG');
      expect(seen).toEqual([['HELLO', '3', 'AUTH', 'u', 'p'], ['AUTH', 'u', 'p'], ['SELECT', '2'], ['PING']]);
    } finally {
      await server.close();
    }
  });

  it('fails fast with a protocol error naming the byte when an HTTP server answers', async () => {
    const http = await listen({
      onConnection: (s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')),
    });
    try {
      const client = await connect({ port: http.port, connectTimeoutMs: 2000 });
      const started = performance.now();
      const error = await client.call('PING').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as Error).message).toMatch(/got "H" .*is this a Redis server\? \(it answers HTTP\)/);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await http.close();
    }
  });

  it('gives up on a server that accepts and never answers within the connect deadline', async () => {
    const silent = await listen();
    try {
      const started = performance.now();
      const error = await RedisClient.connect({ port: silent.port, protocol: 3, connectTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(/no reply from 127\.0\.0\.1:\d+ within \d+ ms — is this a Redis server\? \(a TLS port\? try --tls\)/);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });

  it('fails a TLS connect to a plaintext server fast instead of hanging', async () => {
    const plain = await listen({ onConnection: (s) => s.once('data', () => s.end('-ERR unknown command\r\n')) });
    try {
      const started = performance.now();
      const error = await RedisClient.connect({ port: plain.port, tls: { rejectUnauthorized: false }, connectTimeoutMs: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NettkError);
      expect((error as Error).message).toMatch(/TLS/);
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      await plain.close();
    }
  });

  it('times out a command past its deadline and fails every pending command', async () => {
    const silent = await listen();
    try {
      const client = await connect({ port: silent.port, commandTimeoutMs: 200 });
      const results = await Promise.allSettled([client.call('GET', 'a'), client.call('GET', 'b')]);
      for (const r of results) expect(r.status === 'rejected' && r.reason instanceof TimeoutError).toBe(true);
      expect(client.error).toBeInstanceOf(TimeoutError);
    } finally {
      await silent.close();
    }
  });

  it('closes the connection when a reply is bigger than the bulk cap', async () => {
    const big = await listen({ onConnection: (s) => s.once('data', () => s.write('$100000\r\n')) });
    try {
      const client = await connect({ port: big.port, limits: { maxBulkLength: 1000 } });
      await expect(client.call('GET', 'k')).rejects.toBeInstanceOf(LimitError);
    } finally {
      await big.close();
    }
  });
});

// redis-server is installed by the test setup when missing (as root); otherwise these are skipped with a loud line.
describe.skipIf(!available)('RedisClient against a real redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends commands with binary arguments and gets the same bytes back', async () => {
    const client = await connect({ port: server.port });
    const bytes = Buffer.from([0, 255, 13, 10, 36, 42]);
    expect(await client.call('SET', 'bin', bytes)).toBe('OK');
    const back = await client.call('GET', 'bin');
    expect(Buffer.isBuffer(back) && back.equals(bytes)).toBe(true);
    expect(await client.call('SET', 'utf8', 'héllo ✓')).toBe('OK');
    expect(textOf((await client.call('GET', 'utf8'))!)).toBe('héllo ✓');
    await client.close();
  });

  it('pipelines 100k commands over one connection and matches every reply to its command', async () => {
    const client = await connect({ port: server.port });
    const n = 100_000;
    const sets: Array<Promise<RespValue>> = [];
    for (let i = 0; i < n; i++) sets.push(client.send(['SET', `k:${i}`, `v:${i}`]));
    expect((await Promise.all(sets)).every((r) => r === 'OK')).toBe(true);
    const gets: Array<Promise<RespValue>> = [];
    for (let i = 0; i < n; i++) gets.push(client.send(['GET', `k:${i}`]));
    const values = await Promise.all(gets);
    for (let i = 0; i < n; i += 997) expect(textOf(values[i]!)).toBe(`v:${i}`);
    expect(values.every((v, i) => textOf(v) === `v:${i}`)).toBe(true);
    await client.close();
  });

  it('resolves error replies as values with send() and rejects them with call()', async () => {
    const client = await connect({ port: server.port });
    await client.call('SET', 'str', 'abc');
    const value = await client.send(['INCR', 'str']);
    expect(value).toBeInstanceOf(ReplyError);
    await expect(client.call('INCR', 'str')).rejects.toMatchObject({ prefix: 'ERR' });
    expect(await client.call('PING')).toBe('PONG');
    await client.close();
  });

  it('negotiates RESP3 with HELLO 3 and decodes maps', async () => {
    const client = await connect({ port: server.port, protocol: 3 });
    expect(client.protocol).toBe(3);
    expect(client.hello).toBeInstanceOf(RespMap);
    expect((client.hello as RespMap).get('proto')).toBe(3);
    await client.call('HSET', 'h3', 'f', 'v');
    const map = await client.call('HGETALL', 'h3');
    expect(map).toBeInstanceOf(RespMap);
    expect(textOf((map as RespMap).get('f')!)).toBe('v');
    await client.close();
  });

  it('selects the database given', async () => {
    const zero = await connect({ port: server.port });
    const five = await connect({ port: server.port, db: 5 });
    await zero.call('SET', 'where', 'db0');
    await five.call('SET', 'where', 'db5');
    expect(textOf((await zero.call('GET', 'where'))!)).toBe('db0');
    expect(textOf((await five.call('GET', 'where'))!)).toBe('db5');
    await Promise.all([zero.close(), five.close()]);
  });

  it('delivers messages published by another connection in streaming mode', async () => {
    const subscriber = await connect({ port: server.port });
    const publisher = await connect({ port: server.port });
    const events: RespValue[] = [];
    let subscribed!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    const done = subscriber.stream(['SUBSCRIBE', 'news'], (event) => {
      events.push(event.value);
      if (events.length === 1) subscribed();
      if (events.length === 3) void subscriber.close();
    });
    await ready;
    await publisher.call('PUBLISH', 'news', 'one');
    await publisher.call('PUBLISH', 'news', 'two');
    await done;
    expect(events.map((e) => (e as RespValue[]).map((x) => textOf(x) ?? x))).toEqual([
      ['subscribe', 'news', 1],
      ['message', 'news', 'one'],
      ['message', 'news', 'two'],
    ]);
    await publisher.close();
  });

  it('delivers RESP3 pub/sub messages as pushes', async () => {
    const subscriber = await connect({ port: server.port, protocol: 3 });
    const publisher = await connect({ port: server.port });
    const pushes: RespPush[] = [];
    const done = subscriber.stream(['SUBSCRIBE', 'n3'], (event) => {
      if (event.push) pushes.push(event.value as RespPush);
      if (pushes.length === 1) void publisher.call('PUBLISH', 'n3', 'hi');
      if (pushes.length === 2) void subscriber.close();
    });
    await done;
    expect(pushes.map((p) => p.kind)).toEqual(['subscribe', 'message']);
    await publisher.close();
  });

  it('fails every pending command with a clear error when the server dies mid-pipeline', async () => {
    const doomed = await startRedis();
    try {
      const client = await connect({ port: doomed.port });
      await client.call('PING');
      const pending: Array<Promise<unknown>> = [];
      // DEBUG SLEEP holds the replies back while the server is killed.
      pending.push(client.send(['DEBUG', 'SLEEP', '2']));
      for (let i = 0; i < 1000; i++) pending.push(client.send(['INCR', 'c']));
      const settled = Promise.allSettled(pending);
      await new Promise((r) => setTimeout(r, 100));
      await doomed.kill();
      const results = await settled;
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      const reason = (results[0] as PromiseRejectedResult).reason as Error;
      expect(reason.message).toMatch(/closed the connection with 1001 replies pending|ECONNRESET/);
    } finally {
      await doomed.stop();
    }
  });
});

describe.skipIf(!available)('RedisClient authentication', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis(['--requirepass', 'sekret', '--user', 'alice', 'on', '>wonder', '~*', '+@all']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates the default user with a password, in RESP2 and RESP3', async () => {
    for (const protocol of [2, 3] as const) {
      const client = await connect({ port: server.port, password: 'sekret', protocol });
      expect(await client.call('PING')).toBe('PONG');
      await client.close();
    }
  });

  it('authenticates an ACL user with a username and password', async () => {
    const client = await connect({ port: server.port, username: 'alice', password: 'wonder', protocol: 3 });
    expect(textOf((await client.call('ACL', 'WHOAMI'))!)).toBe('alice');
    await client.close();
  });

  it('rejects a wrong password as a connection failure naming the reason', async () => {
    for (const protocol of [2, 3] as const) {
      const error = await RedisClient.connect({ port: server.port, password: 'wrong', protocol }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NettkError);
      expect((error as NettkError).exitCode).toBe(3);
      expect((error as Error).message).toMatch(/^authentication failed: WRONGPASS/);
    }
  });

  it('surfaces NOAUTH as an error reply when no password is given', async () => {
    const client = await connect({ port: server.port });
    const reply = await client.send(['GET', 'x']);
    expect(reply).toBeInstanceOf(ReplyError);
    expect((reply as ReplyError).prefix).toBe('NOAUTH');
    await client.close();
  });
});
