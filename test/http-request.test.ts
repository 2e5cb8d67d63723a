import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestHttpServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nettk-http-request-'));
  writeFileSync(join(dir, 'lines.txt'), 'a=1\r\nb=2\n');
  writeFileSync(join(dir, 'raw.bin'), Buffer.from([0, 13, 10, 255]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
async function serve(): Promise<TestHttpServer> {
  const s = await startHttpServer((_req, res) => res.end('ok'));
  server = s;
  return s;
}

describe('nettk http writes the request a curl user expects', () => {
  it('reads -d @FILE without CR/LF, --data-binary @FILE exactly, and joins them with &', async () => {
    const s = await serve();
    const r = await runNettk(['http', s.url, '-d', `@${join(dir, 'lines.txt')}`, '-d', 'c=3', '--data-binary', `@${join(dir, 'raw.bin')}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.requests[0]!.body).toEqual(Buffer.concat([Buffer.from('a=1b=2&c=3&'), Buffer.from([0, 13, 10, 255])]));
  });

  it('reads --data-binary @- from stdin', async () => {
    const s = await serve();
    const r = await runNettk(['http', 'PUT', s.url, '--data-binary', '@-', '-H', 'Content-Type: application/json'], { input: '{"from":"stdin"}' });
    expect(r.code, r.stderr).toBe(0);
    expect(s.requests[0]).toMatchObject({ method: 'PUT', body: Buffer.from('{"from":"stdin"}') });
    expect(s.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('replaces, removes and adds headers like curl -H, and sets the User-Agent with -A', async () => {
    const s = await serve();
    const r = await runNettk(['http', s.url, '-H', 'Accept:', '-H', 'X-One: 1', '-H', 'X-One: 2', '-A', 'probe-bot/2']);
    expect(r.code, r.stderr).toBe(0);
    const raw = s.requests[0]!.rawHeaders;
    expect(raw).not.toContain('Accept');
    expect(s.requests[0]!.headers['user-agent']).toBe('probe-bot/2');
    expect(raw.filter((_, i) => raw[i - 1] === 'X-One')).toEqual(['1', '2']);
  });

  it('turns URL credentials into Basic authorization and drops the fragment', async () => {
    const s = await serve();
    await runNettk(['http', `http://user:p%40ss@127.0.0.1:${s.port}/path?q=1#frag`]);
    expect(s.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    expect(s.requests[0]!.url).toBe('/path?q=1');
  });

  it('sends an exact --request-target the URL parser would have normalised', async () => {
    const s = await serve();
    await runNettk(['http', s.url, '--request-target', '/a/../b/%2e%2e/c']);
    expect(s.requests[0]!.url).toBe('/a/../b/%2e%2e/c');
  });

  it('chunk-encodes the body when asked for Transfer-Encoding: chunked', async () => {
    const s = await serve();
    const r = await runNettk(['http', s.url, '-H', 'Transfer-Encoding: chunked', '-d', 'chunked body']);
    expect(r.code, r.stderr).toBe(0);
    expect(s.requests[0]!.headers['transfer-encoding']).toBe('chunked');
    expect(s.requests[0]!.headers['content-length']).toBeUndefined();
    expect(s.requests[0]!.body.toString()).toBe('chunked body');
  });

  it('refuses the method twice and -d with -F (exit 2)', async () => {
    for (const args of [['POST', 'http://x/', '-X', 'PUT'], ['http://x/', '-d', 'a', '-F', 'b=c']]) {
      const r = await runNettk(['http', ...args]);
      expect(r.code, r.stderr).toBe(2);
    }
  });
});
