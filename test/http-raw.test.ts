import { afterEach, describe, expect, it } from 'vitest';
import { parseEscapes } from '@nettk/core';
import { ENDS_BEFORE_MS, startHttpServer, startRawServer, type RawServer, type TestHttpServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

let servers: Array<TestHttpServer | RawServer> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function capture(): Promise<RawServer> {
  const s = await startRawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  servers.push(s);
  return s;
}

describe('nettk http --raw sends exactly the given bytes', () => {
  it('sends echo -e escapes as the bytes they stand for, nothing added', async () => {
    const s = await capture();
    const text = 'POST /\\x00bin HTTP/1.1\\r\\nHost: h\\r\\nX-Tab:\\ta\\tb\\r\\nContent-Length: 3\\r\\n\\r\\n\\xff\\x01\\0';
    const r = await runNettk(['http', '--raw', '127.0.0.1', String(s.port), text]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.received[0]!.equals(parseEscapes(text))).toBe(true);
    expect(s.received[0]!.subarray(-3)).toEqual(Buffer.from([0xff, 0x01, 0x00]));
  });

  it('reads the request from stdin when TEXT is - or absent', async () => {
    const s = await capture();
    const request = Buffer.from('GET /stdin HTTP/1.1\r\nHost: h\r\n\r\n');
    for (const extra of [['-'], []]) {
      const r = await runNettk(['http', '--raw', '127.0.0.1', String(s.port), ...extra], { input: request });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(s.received).toEqual([request, request]);
  });

  it('sends bare LF line ends as they are, with a warning', async () => {
    const s = await capture();
    const r = await runNettk(['http', '--raw', '127.0.0.1', String(s.port), 'GET / HTTP/1.1\\nHost: h\\n\\n']);
    expect(r.code, r.stderr).toBe(0);
    expect(s.received[0]!.toString()).toBe('GET / HTTP/1.1\nHost: h\n\n');
    expect(r.stderr).toMatch(/warning: the request has bare LF line ends/);
  });

  it('prints the response bytes exactly as received, chunk framing included', async () => {
    const s = await startHttpServer((_req, res) => {
      res.write('ab');
      res.end('cd');
    });
    servers.push(s);
    const r = await runNettk(['http', '--raw', '127.0.0.1', String(s.port), 'GET / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n$/);
  });

  it('finishes GET against a keep-alive server in well under a second (nc waits for the keep-alive)', async () => {
    const s = await startHttpServer((_req, res) => res.end('hi'));
    servers.push(s);
    const request = 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n';
    const r = await runNettk(['http', '--raw', '127.0.0.1', String(s.port), request]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\r\n\r\nhi$/);
    // The whole process (start-up included, on a busy machine) stays far from the server's keep-alive wait...
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
    // ...and the exchange itself, connect to last byte, is a matter of milliseconds.
    const json = await runNettk(['http', '--json', '--raw', '127.0.0.1', String(s.port), request]);
    expect(JSON.parse(json.stdout).timings.totalMs).toBeLessThan(500);
  });

  it('reads one response per pipelined request, and none for HEAD bodies', async () => {
    const s = await startHttpServer((req, res) => {
      res.setHeader('Content-Length', '5');
      res.end(req.method === 'HEAD' ? undefined : 'hello');
    });
    servers.push(s);
    const text = 'HEAD /1 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /2 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n';
    const r = await runNettk(['http', '--raw', '127.0.0.1', String(s.port), text]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/\r\n\r\nhello$/);
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('warns about a request without its empty line and times out cleanly', async () => {
    const s = await startRawServer(() => {});
    servers.push(s);
    const r = await runNettk(['http', '--raw', '--idle-timeout', '0.3', '127.0.0.1', String(s.port), 'GET / HTTP/1.1\\r\\nHost: x\\r\\n']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/warning: the request does not end with an empty line/);
    expect(r.stderr).toMatch(/no data from the server for 300 ms waiting for the response/);
  });

  it.each([
    [['-H', 'A: b'], /--header does not apply/],
    [['-d', 'x'], /--data does not apply/],
  ])('refuses %j with --raw (exit 2)', async (extra, message) => {
    const r = await runNettk(['http', '--raw', ...extra, '127.0.0.1', '80', 'GET / HTTP/1.1\\r\\n\\r\\n']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a bad \\x escape (exit 2)', async () => {
    const r = await runNettk(['http', '--raw', '127.0.0.1', '80', 'GET \\xZZ']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/bad escape "\\xZZ"/);
  });
});
