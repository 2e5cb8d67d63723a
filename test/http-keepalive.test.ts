import { afterEach, describe, expect, it } from 'vitest';
import { ENDS_BEFORE_MS, startHttpServer, startRawServer, type RawServer, type TestHttpServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

let servers: Array<TestHttpServer | RawServer> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function echoServer(options: { close?: boolean } = {}): Promise<TestHttpServer> {
  const s = await startHttpServer((req, res) => {
    if (options.close) res.setHeader('Connection', 'close');
    res.end(`${req.url};`);
  });
  servers.push(s);
  return s;
}

describe('nettk http --keep-alive and --repeat reuse one connection', () => {
  it('sends several URLs on one connection and says so in the transcript', async () => {
    const s = await echoServer();
    const r = await runNettk(['http', '--keep-alive', '-v', `${s.url}/a`, `${s.url}/b`, `${s.url}/c`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('/a;/b;/c;');
    expect(s.connections.size).toBe(1);
    expect(r.stderr.match(/^\* Re-using connection #0 to /gm)).toHaveLength(2);
    expect(r.stderr).not.toMatch(/^> Connection: close/m);
    // The server holds the idle connection 15 s; nettk closes it the moment the last response is complete.
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('repeats a request N times on one connection (--repeat implies --keep-alive)', async () => {
    const s = await echoServer();
    const r = await runNettk(['http', '--repeat', '5', `${s.url}/r`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('/r;'.repeat(5));
    expect(s.requests).toHaveLength(5);
    expect(s.connections.size).toBe(1);
    expect(r.stderr.match(/connection keep-alive \(reused #0\)/g)).toHaveLength(4);
  });

  it('opens one connection per request without --keep-alive, each asking to close', async () => {
    const s = await echoServer();
    const r = await runNettk(['http', `${s.url}/1`, `${s.url}/2`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('/1;/2;');
    expect(s.connections.size).toBe(2);
    expect(s.requests.map((q) => q.headers.connection)).toEqual(['close', 'close']);
  });

  it('reconnects when the server closes after each response', async () => {
    const s = await echoServer({ close: true });
    const r = await runNettk(['http', '--repeat', '3', '--json', `${s.url}/x`]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.exchanges.map((e: { connection: { id: number; reused: boolean } }) => [e.connection.id, e.connection.reused])).toEqual([
      [0, false],
      [1, false],
      [2, false],
    ]);
    expect(s.connections.size).toBe(3);
  });

  it('streams one --ndjson line per exchange with reuse and timings', async () => {
    const s = await echoServer();
    const r = await runNettk(['http', '--ndjson', '--repeat', '3', `${s.url}/n`]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.connection.reused)).toEqual([false, true, true]);
    expect(lines.map((l) => l.responses[0].body.data)).toEqual(['/n;', '/n;', '/n;']);
    expect(lines[1].timings.dnsMs).toBe(0);
    expect(lines[1].timings.connectMs).toBe(0);
  });

  it('opens a new connection when the origin changes', async () => {
    const a = await echoServer();
    const b = await echoServer();
    const r = await runNettk(['http', '--keep-alive', `${a.url}/1`, `${a.url}/2`, `${b.url}/3`, `${a.url}/4`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('/1;/2;/3;/4;');
    expect(a.connections.size).toBe(2);
    expect(b.connections.size).toBe(1);
  });

  it('stops at the first failed request and exits 3', async () => {
    const s = await echoServer();
    const r = await runNettk(['http', '--keep-alive', `${s.url}/ok`, 'http://127.0.0.1:1/', `${s.url}/never`]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('/ok;');
    expect(s.requests.map((q) => q.url)).toEqual(['/ok']);
  });
});

describe('nettk http --pipeline keeps several requests in flight (RFC 9112 §9.3.2)', () => {
  it('has N requests in flight before the first response', async () => {
    // This server answers nothing until it holds three complete requests: only a pipelining client gets through.
    const s = await startRawServer((socket, request) => {
      const answer = (): void => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'.repeat(3));
      };
      if ((request.toString().match(/\r\n\r\n/g) ?? []).length >= 3) return answer();
      socket.on('data', () => {
        if ((s.received[0]!.toString().match(/\r\n\r\n/g) ?? []).length === 3) answer();
      });
    });
    servers.push(s);
    const url = `http://127.0.0.1:${s.port}/`;
    const r = await runNettk(['http', '--pipeline', '3', '--repeat', '3', '--idle-timeout', '5', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('okokok');
  });

  it('returns bodies in request order over one connection', async () => {
    const s = await echoServer();
    const urls = Array.from({ length: 20 }, (_, i) => `${s.url}/${i}`);
    const r = await runNettk(['http', '-s', '--pipeline', '5', ...urls]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(urls.map((_, i) => `/${i};`).join(''));
    expect(s.connections.size).toBe(1);
  });

  it('sends unanswered requests again when the server closes mid-pipeline', async () => {
    let served = 0;
    const s = await startHttpServer((req, res) => {
      // Every third response closes the connection: the requests queued behind it are lost.
      if (++served % 3 === 0) res.setHeader('Connection', 'close');
      res.end(`${req.url};`);
    });
    servers.push(s);
    const urls = Array.from({ length: 8 }, (_, i) => `${s.url}/${i}`);
    // The close races with queued requests (the server's RST can destroy a response in
    // flight): several runs, and every body must belong to its own request.
    for (let run = 0; run < 4; run++) {
      const r = await runNettk(['http', '-s', '--pipeline', '4', '--ndjson', ...urls]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.request.url, l.responses[0].body.data])).toEqual(urls.map((u, i) => [u, `/${i};`]));
      expect(new Set(lines.map((l) => l.connection.id)).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses to pipeline a method that is not idempotent (exit 2)', async () => {
    const r = await runNettk(['http', '--pipeline', '4', '-d', 'x', 'http://127.0.0.1:9/']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/POST is not idempotent/);
  });
});
