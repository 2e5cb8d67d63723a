import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, startRawServer } from '../../../test/helpers/http-servers.js';
import { freePort } from '../../../test/helpers/servers.js';
import { parseRunbook } from './load.js';
import { runCheck } from './run-check.js';
import { runHttpCheck } from './run-http.js';
import type { Check, CheckOf } from './types.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** One http check from runbook YAML, so the tests go through validation too. */
function check(yaml: string, baseDir = process.cwd()): Check {
  return parseRunbook(`checks:\n  - {name: h, kind: http, ${yaml}}`, 'rb.yaml', { baseDir }).checks[0]!;
}
const run = (c: Check) => runCheck(c, (x, ctx) => runHttpCheck(x as CheckOf<'http'>, ctx));

describe('http checks', () => {
  it('pass on a 2xx by default and report status, TTFB and size', async () => {
    const s = await startHttpServer((_req, res) => res.end('hello'));
    cleanups.push(s.close);
    const r = await run(check(`url: "${s.url}/health"`));
    expect([r.status, r.reason]).toEqual(['pass', 'ok']);
    expect(r.message).toMatch(/^200 OK, 5 bytes, first byte after /);
    expect(r.metrics).toMatchObject({ http_status_code: 200, http_content_length: 5, http_version: 1.1, http_ssl: 0 });
    expect(r.timings.ttfbMs).toBeGreaterThan(0);
    expect(s.requests[0]).toMatchObject({ method: 'GET', url: '/health' });
  });

  it('fail with the status and what was expected', async () => {
    const s = await startHttpServer((_req, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    cleanups.push(s.close);
    const r = await run(check(`url: "${s.url}/"`));
    expect([r.status, r.reason, r.message]).toEqual(['fail', 'status-mismatch', 'status 503 Service Unavailable (expected 2xx)']);
    const ok = await run(check(`url: "${s.url}/", expect: {status: [200, 503]}`));
    expect(ok.status).toBe('pass');
  });

  it('check headers (present, matching, absent) and the body (match and must-not-match)', async () => {
    const s = await startHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-powered-by', 'php');
      res.end('{"status":"degraded"}');
    });
    cleanups.push(s.close);
    const h = (e: string) => run(check(`url: "${s.url}/", expect: ${e}`));
    expect((await h('{headers: {content-type: json}}')).status).toBe('pass');
    expect((await h('{headers: {content-type: "^text/"}}')).message).toBe('content-type: "application/json" does not match /^text\\//');
    expect((await h('{headers: {x-powered-by: false}}')).message).toBe('x-powered-by is present (expected absent): "php"');
    expect((await h('{headers: {etag: true}}')).message).toBe('etag is missing');
    expect((await h('{body: \'"status":"ok"\'}')).reason).toBe('body-mismatch');
    const not = await h('{body_not: degraded}');
    expect([not.reason, not.message]).toEqual(['body-mismatch', 'body matches /degraded/: "degraded"']);
  });

  it('send the method, headers and body, and multipart form fields with files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettk-check-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'report.txt'), 'file content');
    const s = await startHttpServer((_req, res) => res.end('ok'));
    cleanups.push(s.close);
    await run(check(`url: "${s.url}/a", method: PUT, headers: {X-Token: abc}, body: '{"a":1}'`));
    expect(s.requests[0]).toMatchObject({ method: 'PUT', url: '/a' });
    expect(s.requests[0]!.headers['x-token']).toBe('abc');
    expect(s.requests[0]!.body.toString()).toBe('{"a":1}');
    const r = await run(check(`url: "${s.url}/up", form: {who: me, doc: {file: report.txt}}`, dir));
    expect(r.status).toBe('pass');
    const req = s.requests[1]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = req.body.toString();
    expect(body).toContain('Content-Disposition: form-data; name="who"\r\n\r\nme\r\n');
    expect(body).toContain('Content-Disposition: form-data; name="doc"; filename="report.txt"\r\nContent-Type: text/plain\r\n\r\nfile content\r\n');
  });

  it('fail with too-slow past max_time, and time out a server that never answers', async () => {
    const slow = await startHttpServer((_req, res) => setTimeout(() => res.end('late'), 150));
    cleanups.push(slow.close);
    const r = await run(check(`url: "${slow.url}/", expect: {max_time: 50ms}`));
    expect(r.reason).toBe('too-slow');
    expect(r.message).toMatch(/^took \d+\.\d+ m?s \(max 50\.0 ms\)$/);
    expect(r.durationMs).toBeGreaterThanOrEqual(140);
    const mute = await startRawServer(() => {});
    cleanups.push(mute.close);
    const t = await run(check(`url: "http://127.0.0.1:${mute.port}/", timeout: 300ms`));
    expect(t.status).toBe('fail');
    expect(t.reason).toBe('timeout');
    expect(t.durationMs).toBeLessThan(1000);
  });

  it('fail with conn-refused when nothing listens, and protocol-error on a reply that is not HTTP', async () => {
    const port = await freePort();
    expect((await run(check(`url: "http://127.0.0.1:${port}/"`))).reason).toBe('conn-refused');
    const junk = await startRawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    cleanups.push(junk.close);
    const r = await run(check(`url: "http://127.0.0.1:${junk.port}/"`));
    expect([r.status, r.reason]).toEqual(['fail', 'protocol-error']);
  });
});
