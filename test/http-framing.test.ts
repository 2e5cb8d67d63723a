import { afterEach, describe, expect, it } from 'vitest';
import { ENDS_BEFORE_MS, startHttpServer, startRawServer, type RawServer, type TestHttpServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

let servers: Array<TestHttpServer | RawServer> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function http(handler: Parameters<typeof startHttpServer>[0], configure?: Parameters<typeof startHttpServer>[1]): Promise<TestHttpServer> {
  const s = await startHttpServer(handler, configure);
  servers.push(s);
  return s;
}

describe('nettk http reads responses framed by a real node:http server', () => {
  it('prints a Content-Length body exactly and the status on stderr', async () => {
    const s = await http((_req, res) => res.end('exact body\n'));
    const r = await runNettk(['http', `${s.url}/a`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('exact body\n');
    expect(r.stderr).toMatch(/^HTTP\/1\.1 200 OK \(11 bytes, content-length, [\d.]+ m?s, connection closed\)\n$/);
  });

  it('ends as soon as the response is complete even though the server keeps the connection open', async () => {
    const s = await http((_req, res) => res.end('quick'));
    const r = await runNettk(['http', '--keep-alive', `${s.url}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('quick');
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('decodes a chunked body and shows the trailers in the -v transcript', async () => {
    const s = await http((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Checksum' });
      res.write('part one, ');
      setTimeout(() => {
        res.write('part two');
        res.addTrailers({ 'X-Checksum': 'abc123' });
        res.end();
      }, 20);
    });
    const r = await runNettk(['http', '-v', `${s.url}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('part one, part two');
    expect(r.stderr).toContain('< Transfer-Encoding: chunked\n');
    expect(r.stderr).toContain('< X-Checksum: abc123\n');
    expect(r.stderr).toMatch(/\* HTTP\/1\.1 200 OK complete: 18 bytes, chunked/);
  });

  it('reads a close-delimited body to the end', async () => {
    const s = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ');
      setTimeout(() => socket.end('close'), 20);
    });
    servers.push(s);
    const r = await runNettk(['http', `http://127.0.0.1:${s.port}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('until close');
    expect(r.stderr).toMatch(/\(11 bytes, close, /);
  });

  it('expects no body after HEAD even with a Content-Length, and -I shows the head', async () => {
    const s = await http((_req, res) => {
      res.setHeader('Content-Length', '1234');
      res.end();
    });
    const r = await runNettk(['http', '-I', `${s.url}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.requests[0]!.method).toBe('HEAD');
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Content-Length: 1234\r\n[^]*\r\n\r\n$/);
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it.each([
    [204, 'No Content'],
    [304, 'Not Modified'],
  ])('ends a %i response at the empty line', async (status) => {
    const s = await http((_req, res) => {
      res.writeHead(status);
      res.end();
    });
    const r = await runNettk(['http', '--keep-alive', `${s.url}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^HTTP/1\\.1 ${status} .*\\(0 bytes, none, `));
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('shows 100 Continue and sends the body after it', async () => {
    const s = await http((_req, res, body) => res.end(`server got ${body.length} bytes`));
    const r = await runNettk(['http', '-v', '-H', 'Expect: 100-continue', '-d', 'x'.repeat(5000), `${s.url}/upload`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('server got 5000 bytes');
    expect(r.stderr).toContain('< HTTP/1.1 100 Continue\n');
    expect(r.stderr).toContain('(sent after 100 Continue)');
  });

  it('shows 103 Early Hints with -i and then reads the final response', async () => {
    const s = await http((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      res.end('final');
    });
    const r = await runNettk(['http', '-i', `${s.url}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 103 Early Hints\r\nLink: <\/style\.css>; rel=preload; as=style\r\n\r\nHTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nfinal$/);
  });

  it('sends the exact Content-Length in bytes for UTF-8 data and POSTs by default', async () => {
    const s = await http((_req, res) => res.end('ok'));
    const r = await runNettk(['http', '-d', 'név=ünïcödé ✓', `${s.url}/form`]);
    expect(r.code, r.stderr).toBe(0);
    const req = s.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength('név=ünïcödé ✓')));
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body.toString()).toBe('név=ünïcödé ✓');
    expect(req.headers['user-agent']).toMatch(/^nettk\/\d+\.\d+\.\d+$/);
    expect(req.headers.connection).toBe('close');
  });
});
