import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startHttpServer, type TestHttpServer } from './helpers/http-servers.js';
import { freePort } from './helpers/servers.js';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';

const run = promisify(execFile);
const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31 + (i >> 8)) % 256));
let server: TestHttpServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nettk-http-output-'));
  server = await startHttpServer((req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('no such thing');
    }
    if (req.url === '/binary') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      return res.end(binary);
    }
    if (req.url === '/escape') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end('line\x1b[31m red \x1b]0;title\x07\r\nnext\n');
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Served-By': 'test' });
    res.end('héllo\n');
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const hasCurl = spawnSync('curl', ['--version']).status === 0;
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('nettk http output', () => {
  it('prints the documented --json shape', async () => {
    const r = await runNettk(['http', '--json', `${server.url}/doc`]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['request', 'connection', 'responses', 'timings', 'warnings', 'error']);
    expect(doc.request).toMatchObject({ method: 'GET', url: `${server.url}/doc`, bytes: expect.any(Number), raw: false });
    expect(doc.request.headers[0]).toEqual(['Host', `127.0.0.1:${server.port}`]);
    expect(doc.responses).toHaveLength(1);
    const res = doc.responses[0];
    expect(res).toMatchObject({ status: 200, reason: 'OK', httpVersion: '1.1', trailers: [], framing: 'chunked', complete: true });
    expect(res.headers).toContainEqual(['X-Served-By', 'test']);
    expect(res.body).toEqual({ encoding: 'utf8', data: 'héllo\n', bytes: 7 });
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs', 'totalMs']) expect(doc.timings[k]).toEqual(expect.any(Number));
    expect(Object.keys(doc.timings.phases)).toEqual(['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs', 'transferMs']);
    expect(doc.timings.totalMs).toBeGreaterThanOrEqual(doc.timings.ttfbMs);
    expect(doc.error).toBeNull();
  });

  it('puts binary bodies in --json as base64', async () => {
    const r = await runNettk(['http', '--json', `${server.url}/binary`]);
    const body = JSON.parse(r.stdout).responses[0].body;
    expect(body.encoding).toBe('base64');
    expect(Buffer.from(body.data, 'base64').equals(binary)).toBe(true);
  });

  it('still prints the JSON document, with the error, when the request fails', async () => {
    const port = await freePort();
    const r = await runNettk(['http', '--json', `http://127.0.0.1:${port}/`]);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout).error).toEqual({ code: 'NETTK_ERR_NETWORK', message: expect.stringMatching(/Connection refused/) });
  });

  it.each([
    ['a 404 without --fail', ['/missing'], 0],
    ['a 404 with --fail', ['/missing', '--fail'], 1],
    ['a 200 with --fail', ['/ok', '-f'], 0],
  ])('exits by the status: %s', async (_what, [path, ...flags], code) => {
    const r = await runNettk(['http', `${server.url}${path}`, ...flags]);
    expect(r.code, r.stderr).toBe(code);
    if (code === 1) expect(r.stderr).toMatch(/^nettk: server answered 404 Not Found \(--fail\)$/m);
  });

  it.each([
    ['a bad URL', ['http://exa mple/'], 2, /bad URL/],
    ['a header with CR/LF', ['-H', 'X: a\r\nInjected: 1', 'http://127.0.0.1:9/'], 2, /contains CR, LF or NUL/],
    ['a bad --max-time', ['--max-time', '-1', 'http://127.0.0.1:9/'], 2, /bad --max-time/],
    ['no URL', [], 2, /no URL/],
    ['a refused connection', ['http://127.0.0.1:PORT/'], 3, /Connection refused/],
  ])('exits with the right code for %s', async (_what, args, code, message) => {
    const port = String(await freePort());
    const r = await runNettk(['http', ...args.map((a) => a.replace('PORT', port))]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it.skipIf(!hasCurl)('writes the same body bytes as curl -s', async () => {
    for (const path of ['/binary', '/escape', '/ok']) {
      const ours = await runNettk(['http', '-s', `${server.url}${path}`]);
      const theirs = await run('curl', ['-s', `${server.url}${path}`], { encoding: 'buffer', timeout: 10_000 });
      expect(ours.stdoutBytes.equals(theirs.stdout)).toBe(true);
      expect(ours.stderr).toBe('');
    }
  });

  it('writes the body to a file with -o', async () => {
    const file = join(dir, 'out.bin');
    const r = await runNettk(['http', '-o', file, `${server.url}/binary`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file).equals(binary)).toBe(true);
  });

  it('includes the head with -i, exactly as received', async () => {
    const r = await runNettk(['http', '-i', `${server.url}/ok`]);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\nX-Served-By: test\r\n[^]*\r\n\r\nhéllo\n$/);
  });

  it('shows line ends in the -v transcript with --show-crlf', async () => {
    const r = await runNettk(['http', '-v', '--show-crlf', `${server.url}/ok`]);
    expect(r.stderr).toContain('> GET /ok HTTP/1.1\\r\\n\n');
    expect(r.stderr).toContain('< HTTP/1.1 200 OK\\r\\n\n');
    expect(r.stderr).toContain('< \\r\\n\n');
    expect(r.stderr).toMatch(/^\* Connected to 127\.0\.0\.1 port \d+ from 127\.0\.0\.1:\d+ in /m);
  });

  it('prints --timings per phase and cumulative', async () => {
    const r = await runNettk(['http', '-s', '--timings', `${server.url}/ok`]);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^phase\s+duration\s+cumulative$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['dns', 'connect', 'tls', 'ttfb', 'transfer', 'total']);
    const cumulative = lines.slice(1, 6).map((l) => Number(/([\d.]+) ms$/.exec(l)![1]));
    expect([...cumulative].sort((a, b) => a - b)).toEqual(cumulative);
  });

  it.skipIf(!hasScript)('escapes control sequences and summarises binary bodies on a terminal', async () => {
    const onTty = async (path: string): Promise<string> => {
      const cmd = `${process.execPath} ${NETTK_BIN} http ${server.url}${path}`;
      const { stdout } = await run('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' }, timeout: 15_000, encoding: 'latin1' });
      return stdout;
    };
    const text = await onTty('/escape');
    expect(text).toContain('line\\e[31m red \\e]0;title\\x07');
    expect(text).not.toContain('\x1b[31m');
    const bin = await onTty('/binary');
    expect(bin).toMatch(/binary body \(70000 bytes, application\/octet-stream\) not shown on a terminal: use -o FILE or a pipe/);
    expect(bin.length).toBeLessThan(2000);
  });
});
