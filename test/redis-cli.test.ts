import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClient, textOf } from '@nettk/redis';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';
import { freePort, listen } from './helpers/servers.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTlsFiles, redisServerPath, startRedis, type RedisServer, type TlsFiles } from './helpers/redis-server.js';

const available = redisServerPath() !== undefined;

describe('nettk redis connection failures', () => {
  it('exits 3 naming the refusal when nothing listens', async () => {
    const port = await freePort();
    const r = await runNettk(['redis', '-p', String(port), 'ping']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^nettk: connect to 127\.0\.0\.1 port \d+ \(tcp\) failed: .*refused/i);
    expect(r.stdout).toBe('');
  });

  it('exits 3 fast with a protocol error when an HTTP server answers', async () => {
    const http = await listen({ onConnection: (s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')) });
    try {
      const r = await runNettk(['redis', '-p', String(http.port), 'ping'], { timeoutMs: 5000 });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/expected a RESP type byte, got "H" .*is this a Redis server\?/);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      await http.close();
    }
  });

  it('exits 3 within the -t deadline when the server never answers', async () => {
    const silent = await listen();
    try {
      // Killed after 15 s if it hung; exiting by itself with the deadline's message is the point.
      const r = await runNettk(['redis', '-p', String(silent.port), '-t', '0.5', 'get', 'k'], { timeoutMs: 15_000 });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/no reply from 127\.0\.0\.1:\d+ within 500 ms/);
    } finally {
      await silent.close();
    }
  });

  it('exits 3 within the -t deadline in line mode (commands on stdin) when the server never answers', async () => {
    const silent = await listen();
    try {
      const r = await runNettk(['redis', '-p', String(silent.port), '-t', '0.5'], { input: 'ping\nping\n', timeoutMs: 15_000 });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/no reply from 127\.0\.0\.1:\d+ within 500 ms/);
    } finally {
      await silent.close();
    }
  });

  it('exits 2 on bad flags, naming them', async () => {
    expect((await runNettk(['redis', '-p', 'abc', 'ping'])).stderr).toMatch(/bad -p "abc"/);
    const unknown = await runNettk(['redis', '--frobnicate', 'ping']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option "--frobnicate"/);
    expect((await runNettk(['redis', '-u', 'http://x', 'ping'])).code).toBe(2);
  });

  it('prints its help with --help', async () => {
    const r = await runNettk(['redis', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: nettk redis \[OPTIONS\]/);
  });
});

// redis-server is installed by the test setup when missing (as root); otherwise these are skipped with a loud line.
describe.skipIf(!available)('nettk redis against redis-server', () => {
  let server: RedisServer;
  let secured: RedisServer;
  const p = (): string[] => ['redis', '-p', String(server.port)];
  beforeAll(async () => {
    [server, secured] = await Promise.all([startRedis(), startRedis(['--requirepass', 'sekret', '--user', 'bob', 'on', '>builder', '~*', '+@all'])]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), secured?.stop()]);
  });

  it('prints PONG for ping and exits 0 by itself', async () => {
    const r = await runNettk([...p(), 'ping']);
    expect(r).toMatchObject({ code: 0, stdout: 'PONG\n', stderr: '' });
  });

  it('keeps arguments after the command verbatim, dashes included', async () => {
    await runNettk([...p(), 'set', 'dash', '-1']);
    expect((await runNettk([...p(), 'get', 'dash'])).stdout).toBe('-1\n');
  });

  it('authenticates with -a, REDISCLI_AUTH, --user and a redis:// URL, and exits 3 on a wrong password', async () => {
    const port = String(secured.port);
    expect((await runNettk(['redis', '-p', port, '-a', 'sekret', 'ping'])).stdout).toBe('PONG\n');
    expect((await runNettk(['redis', '-p', port, 'ping'], { env: { REDISCLI_AUTH: 'sekret' } })).stdout).toBe('PONG\n');
    expect((await runNettk(['redis', '-p', port, '--user', 'bob', '-a', 'builder', 'acl', 'whoami'])).stdout).toBe('bob\n');
    expect((await runNettk(['redis', '-u', `redis://bob:builder@127.0.0.1:${port}/3`, 'acl', 'whoami'])).stdout).toBe('bob\n');
    const wrong = await runNettk(['redis', '-p', port, '-a', 'nope', '-3', 'ping']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^nettk: authentication failed: WRONGPASS/);
    const none = await runNettk(['redis', '-p', port, 'get', 'x']);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/^NOAUTH/);
  });

  it('selects the database with -n', async () => {
    await runNettk([...p(), '-n', '4', 'set', 'where', 'four']);
    expect((await runNettk([...p(), '-n', '4', 'get', 'where'])).stdout).toBe('four\n');
    expect((await runNettk([...p(), 'get', 'where'])).stdout).toBe('\n');
  });

  it('takes the last argument from stdin with -x and repeats with -r', async () => {
    expect((await runNettk([...p(), '-x', 'set', 'fromstdin'], { input: 'line one\nline two\n' })).stdout).toBe('OK\n');
    expect((await runNettk([...p(), 'strlen', 'fromstdin'])).stdout).toBe('18\n');
    const r = await runNettk([...p(), '-r', '3', '-i', '0.01', 'incr', 'counter']);
    expect(r.stdout).toBe('1\n2\n3\n');
  });

  it('runs commands read one per line from stdin, in order', async () => {
    const r = await runNettk(p(), { input: 'set lines 1\n\nincr lines\n3 incr lines\nget lines\nset "quoted key" "a b\\n"\nget "quoted key"\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK\n2\n3\n4\n5\n5\nOK\na b\n\n');
  });

  it('streams --pipe input (RESP and inline) and counts replies and errors', async () => {
    const resp = '*3\r\n$3\r\nSET\r\n$4\r\npipe\r\n$1\r\n1\r\n';
    const input = resp + 'INCR pipe\r\nINCR nosuchlist-is-fine\nLPUSH pipe x\n' + '*2\r\n$4\r\nINCR\r\n$4\r\npipe\r\n';
    const r = await runNettk([...p(), '--pipe'], { input });
    expect(r.stdout).toBe('All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 1, replies: 5\n');
    expect(r.stderr).toBe('WRONGTYPE Operation against a key holding the wrong kind of value\n');
    expect(r.code).toBe(1);
    expect((await runNettk([...p(), 'get', 'pipe'])).stdout).toBe('3\n');
  });

  it('pipes 50k commands with no reply lost or reordered', async () => {
    let input = '';
    for (let i = 0; i < 50_000; i++) input += `RPUSH order ${i}\n`;
    const r = await runNettk([...p(), '--pipe'], { input, timeoutMs: 30_000 });
    expect(r.stdout).toMatch(/errors: 0, replies: 50000\n$/);
    const client = await RedisClient.connect({ port: server.port });
    try {
      const list = (await client.call('LRANGE', 'order', '0', '-1')) as Buffer[];
      expect(list).toHaveLength(50_000);
      expect(list.every((v, i) => v.toString() === String(i))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('exits 3 with a clear error when the server dies mid-pipeline', async () => {
    const doomed = await startRedis();
    const watcher = await RedisClient.connect({ port: doomed.port });
    try {
      const input = 'DEBUG SLEEP 5\n' + 'INCR c\n'.repeat(1000);
      const run = runNettk(['redis', '-p', String(doomed.port), '--pipe'], { input, timeoutMs: 20_000 });
      // DEBUG SLEEP blocks the server: once a PING goes unanswered, nettk's pipeline is in flight.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const answered = await Promise.race([watcher.call('PING').then(() => true), new Promise((r) => setTimeout(() => r(false), 300))]);
        if (!answered) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await doomed.kill();
      const r = await run;
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/closed the connection with \d+ replies pending|ECONNRESET/);
    } finally {
      watcher.destroy();
      await doomed.stop();
    }
  });

  it('lists keys with --scan and --pattern', async () => {
    for (const k of ['scan:a', 'scan:b', 'other']) await runNettk([...p(), 'set', k, '1']);
    const r = await runNettk([...p(), '--scan', '--pattern', 'scan:*']);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['scan:a', 'scan:b']);
    const json = await runNettk([...p(), '--json', '--scan', '--pattern', 'scan:*']);
    expect((JSON.parse(json.stdout) as string[]).sort()).toEqual(['scan:a', 'scan:b']);
  });

  it('measures latency in microseconds with --latency and --latency-history', async () => {
    const once = await runNettk([...p(), '--latency', '-i', '0.3']);
    expect(once.code).toBe(0);
    const fields = once.stdout.trim().split(' ').map(Number);
    expect(fields).toHaveLength(6);
    const [min, max, avg, p50, p99, samples] = fields as [number, number, number, number, number, number];
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    expect(avg).toBeGreaterThanOrEqual(min);
    expect(samples).toBeGreaterThan(3);
    const history = await runNettk([...p(), '--json', '--latency-history', '-i', '0.2', '-r', '2']);
    const docs = history.stdout.trim().split('\n').map((l) => JSON.parse(l) as { samples: number; p99_us: number });
    expect(docs).toHaveLength(2);
    expect(docs[0]!.samples).toBeGreaterThan(0);
  });

  it('prints --stat rows with keys, memory, clients and ops/s', async () => {
    const r = await runNettk([...p(), '--stat', '-i', '0.2', '-r', '2']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^keys\s+mem\s+clients\s+blocked\s+requests\s+ops\/s\s+connections$/);
    expect(lines.slice(2)).toHaveLength(2);
    expect(lines[2]).toMatch(/^\d+\s+[\d.]+[BKMG]\s+\d+\s+\d+\s+\d+ \(\+0\)\s+\d+\s+\d+$/);
    const json = await runNettk([...p(), '--json', '--stat', '-i', '0.1', '-r', '1']);
    expect(JSON.parse(json.stdout)).toMatchObject({ keys: expect.any(Number), used_memory: expect.any(Number), ops_per_sec: expect.any(Number) });
  });

  it('shows every byte on the wire with --show-wire, types explained', async () => {
    const r = await runNettk([...p(), '--show-wire', '-3', 'hgetall', 'nohash']);
    expect(r.stdout).toBe('\n');
    expect(r.stderr).toContain('> *2\\r\\n');
    expect(r.stderr).toMatch(/> \*2\\r\\n\s+# array, 2 elements/);
    expect(r.stderr).toMatch(/< %0\\r\\n\s+# map, 0 pairs/);
    expect(r.stderr).toMatch(/> HELLO\\r\\n\s+# payload/);
  });

  it('streams SUBSCRIBE messages published by another connection until Ctrl-C, then exits 0', async () => {
    const child = spawn(process.execPath, [NETTK_BIN, ...p(), 'subscribe', 'alerts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const seen = (text: string): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${JSON.stringify(text)} in ${JSON.stringify(out)}`)), 10_000);
        const check = (): void => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          check();
        });
        check();
      });
    const publisher = await RedisClient.connect({ port: server.port });
    try {
      await seen('subscribe\nalerts\n1\n');
      expect(textOf((await publisher.call('PUBLISH', 'alerts', 'disk full'))!)).toBeUndefined();
      await seen('message\nalerts\ndisk full\n');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await publisher.close();
    }
  });
});

describe.skipIf(!available)('nettk redis over TLS', () => {
  let server: RedisServer | undefined;
  let files: TlsFiles | undefined;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nettk-redis-tls-'));
    files = makeTlsFiles(dir);
    if (files) server = await startRedis([], { tls: files });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('talks TLS with --tls and a CA file, and with rediss:// URLs', async (ctx) => {
    if (!server || !files) return ctx.skip();
    const port = String(server.port);
    expect((await runNettk(['redis', '-p', port, '--tls', '--cacert', files.cert, 'ping'])).stdout).toBe('PONG\n');
    expect((await runNettk(['redis', '-u', `rediss://localhost:${port}`, '--cacert', files.cert, '-3', 'ping'])).stdout).toBe('PONG\n');
  });

  it('refuses an unverified certificate unless --insecure', async (ctx) => {
    if (!server) return ctx.skip();
    const refused = await runNettk(['redis', '-p', String(server.port), '--tls', 'ping']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed: self-signed certificate/);
    expect((await runNettk(['redis', '-p', String(server.port), '--tls', '--insecure', 'ping'])).stdout).toBe('PONG\n');
  });

  it('fails fast with a --tls hint when plaintext meets a TLS port', async (ctx) => {
    if (!server) return ctx.skip();
    const r = await runNettk(['redis', '-p', String(server.port), 'ping'], { timeoutMs: 10_000 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/a TLS port\? \(try --tls\)/);
    expect(r.ms).toBeLessThan(5000);
  });
});
