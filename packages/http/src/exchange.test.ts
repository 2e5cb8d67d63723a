import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { monotonicMs } from '@nettk/core';
import { startHttpServer, startRawServer, type RawServer, type TestHttpServer } from '../../../test/helpers/http-servers.js';
import { httpRequest } from './client.js';
import { HttpConnection } from './connection.js';
import { exchange } from './exchange.js';
import { buildRequest } from './request-writer.js';
import type { FramerEvent } from './response-framer.js';

let servers: Array<TestHttpServer | RawServer> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function get(port: number, options: { method?: string; keepAlive?: boolean; body?: Buffer; headers?: Array<{ name: string; value: string }> } = {}) {
  const r = buildRequest({ method: options.method ?? 'GET', target: '/', host: `127.0.0.1:${port}`, userAgent: 'test', keepAlive: options.keepAlive ?? true, body: options.body, headers: options.headers });
  return { head: r.head, body: r.body, method: r.method, expectContinue: r.expectContinue };
}

describe('exchange over a real connection', () => {
  it('reuses one keep-alive connection for several requests and ends each at once', async () => {
    const s = await startHttpServer((req, res) => res.end(`you asked ${req.method}`));
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    const started = performance.now();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await exchange(c, get(s.port), { idleTimeoutMs: 2000 }, () => {}));
    c.close();
    expect(results.map((r) => r.reused)).toEqual([false, true, true]);
    expect(results.map((r) => r.outcome.bodyBytes)).toEqual([13, 13, 13]);
    expect(s.connections.size).toBe(1);
    // The server keeps the connection 15 s; a framing-aware client does not wait for that.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results[1]!.timings.dnsMs).toBe(0);
    expect(results[0]!.timings.totalMs).toBeGreaterThanOrEqual(results[0]!.timings.ttfbMs);
  });

  it('reads pipelined responses that arrive in one packet', async () => {
    const raw = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb';
    const s = await startRawServer((socket) => socket.write(raw));
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    const bodies: string[] = [];
    const onEvent = (e: FramerEvent): void => {
      if (e.type === 'data') bodies.push(e.data.toString());
    };
    const req = get(s.port);
    c.send(req.head);
    await c.read({ method: 'GET', idleTimeoutMs: 2000 }, onEvent);
    await c.read({ method: 'GET', idleTimeoutMs: 2000 }, onEvent);
    c.close();
    expect(bodies).toEqual(['a', 'b']);
  });

  it('waits for 100 Continue before sending the body', async () => {
    const s = await startHttpServer((_req, res, body) => res.end(`got ${body.length}`));
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    const statuses: number[] = [];
    const r = await exchange(c, get(s.port, { method: 'PUT', body: Buffer.from('payload'), headers: [{ name: 'Expect', value: '100-continue' }] }), { continueTimeoutMs: 5000 }, (e) => {
      if (e.type === 'head') statuses.push(e.head.status);
    });
    c.close();
    expect(statuses).toEqual([100, 200]);
    expect(r.bodySent).toBe(true);
    expect(s.requests[0]!.body.toString()).toBe('payload');
  });

  it('withholds the body and closes when the server answers before 100 Continue', async () => {
    const s = await startHttpServer(() => {}, (server) => {
      server.on('checkContinue', (_req, res) => {
        res.writeHead(417, { 'Content-Length': '0' });
        res.end();
      });
    });
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    const r = await exchange(c, get(s.port, { method: 'PUT', body: Buffer.from('payload'), headers: [{ name: 'Expect', value: '100-continue' }] }), { continueTimeoutMs: 5000 }, () => {});
    expect(r.outcome.heads.at(-1)!.status).toBe(417);
    expect(r.bodySent).toBe(false);
    expect(c.usable).toBe(false);
  });

  it('times out a stalled body with what arrived and where it stopped', async () => {
    const s = await startRawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    const got: string[] = [];
    const started = performance.now();
    const error = await exchange(c, get(s.port), { deadline: monotonicMs() + 300, deadlineLabel: '--max-time 0.3 s' }, (e) => {
      if (e.type === 'data') got.push(e.data.toString());
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETTK_ERR_TIMEOUT', message: 'timed out (--max-time 0.3 s) after 3 of 10 body bytes' });
    expect(got).toEqual(['abc']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(c.usable).toBe(false);
  });

  it('gives up on a silent server after the idle timeout', async () => {
    const s = await startRawServer(() => {});
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    const error = await exchange(c, get(s.port), { idleTimeoutMs: 200 }, () => {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETTK_ERR_TIMEOUT', message: 'no data from the server for 200 ms waiting for the response' });
  });

  it('pauses the socket while a slow consumer drains and still gets every byte', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 'x');
    const s = await startHttpServer((_req, res) => res.end(big));
    servers.push(s);
    const c = await HttpConnection.open({ host: '127.0.0.1', port: s.port });
    let bytes = 0;
    let slow = 0;
    await exchange(c, get(s.port), { idleTimeoutMs: 2000 }, (e) => {
      if (e.type !== 'data') return;
      bytes += e.data.length;
      if (slow++ % 8 === 0) return new Promise((resolve) => setTimeout(resolve, 1));
    });
    c.close();
    expect(bytes).toBe(big.length);
  });
});

describe('httpRequest', () => {
  it('collects a chunked body with trailers from node:http', async () => {
    const s = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Sum' });
      res.write('hello ');
      res.write('world');
      res.addTrailers({ 'X-Sum': '11' });
      res.end();
    });
    servers.push(s);
    const r = await httpRequest(`${s.url}/x`, { timeoutMs: 5000 });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('hello world');
    expect(r.trailers).toEqual([['X-Sum', '11']]);
    expect(r.exchange.outcome.framing).toBe('chunked');
  });
});
