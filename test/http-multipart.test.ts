import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWithBusboy, parseWithUndici } from './helpers/http-multipart.js';
import { startHttpServer, type TestHttpServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

let dir: string;
const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nettk-http-multipart-'));
  writeFileSync(join(dir, 'résumé ✓.txt'), 'CV text\r\nwith CRLF\n');
  writeFileSync(join(dir, 'blob.bin'), binary);
  writeFileSync(join(dir, 'report.pdf'), '%PDF-1.4 fake');
  writeFileSync(join(dir, 'empty.txt'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hasCurl = spawnSync('curl', ['--version']).status === 0;

describe('nettk http -F builds multipart/form-data that real parsers accept', () => {
  it('prints byte-identical requests for a fixed --boundary, exactly as RFC 7578 lays them out', async () => {
    const args = ['http', '--print-request', 'http://example.test/up', '--boundary', 'nettk-fixed', '-F', 'a=1', '-F', `doc=@${join(dir, 'report.pdf')}`, '-F', 'e='];
    const first = await runNettk(args);
    const second = await runNettk(args);
    const body =
      '--nettk-fixed\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n' +
      '--nettk-fixed\r\nContent-Disposition: form-data; name="doc"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 fake\r\n' +
      '--nettk-fixed\r\nContent-Disposition: form-data; name="e"\r\n\r\n\r\n' +
      '--nettk-fixed--\r\n';
    const expected =
      'POST /up HTTP/1.1\r\nHost: example.test\r\nUser-Agent: nettk/0.1.0\r\nAccept: */*\r\n' +
      `Content-Type: multipart/form-data; boundary=nettk-fixed\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdoutBytes.equals(second.stdoutBytes)).toBe(true);
    expect(first.stdout).toBe(expected);
  });

  it('uploads UTF-8 names, quotes, binary files, empty fields and several files under one name', async () => {
    server = await startHttpServer((_req, res) => res.end('stored'));
    const r = await runNettk([
      'http', `${server.url}/upload`,
      '-F', `files=@${join(dir, 'résumé ✓.txt')}`,
      '-F', `files=@${join(dir, 'blob.bin')};filename=say "hi".bin`,
      '-F', `files=@${join(dir, 'empty.txt')}`,
      '-F', 'empty=',
      '-F', 'note=héllo wörld',
      '--form-string', 'literal=@not-a-file;type=x',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const req = server.requests[0]!;
    const contentType = req.headers['content-type']!;
    expect(contentType).toMatch(/^multipart\/form-data; boundary=-+nettk[0-9A-Za-z]{24}$/);
    expect(Number(req.headers['content-length'])).toBe(req.body.length);
    for (const parse of [parseWithBusboy, parseWithUndici]) {
      const parts = await parse(req.body, contentType);
      expect(parts.map((p) => p.name)).toEqual(['files', 'files', 'files', 'empty', 'note', 'literal']);
      expect(parts.map((p) => p.data.toString('latin1'))).toEqual([
        'CV text\r\nwith CRLF\n', binary.toString('latin1'), '', '', Buffer.from('héllo wörld').toString('latin1'), '@not-a-file;type=x',
      ]);
      expect(parts[0]!.filename).toBe('résumé ✓.txt');
      expect(parts[0]!.type).toBe('text/plain');
      expect(parts[1]!.filename).toMatch(/^say ("|%22)hi("|%22)\.bin$/);
    }
  });

  it.skipIf(!hasCurl)('sends the same parts as curl -F, as busboy sees them', async () => {
    server = await startHttpServer((_req, res) => res.end('ok'));
    const form = [`a=@${join(dir, 'blob.bin')}`, `b=@${join(dir, 'report.pdf')}`, 'c=text value', 'd='];
    const ours = await runNettk(['http', `${server.url}/`, ...form.flatMap((f) => ['-F', f])]);
    expect(ours.code, ours.stderr).toBe(0);
    // Async: the server runs in this process, a blocking spawnSync would starve it.
    await promisify(execFile)('curl', ['-s', '-o', '/dev/null', ...form.flatMap((f) => ['-F', f]), `${server.url}/`], { timeout: 10_000 });
    const [mine, theirs] = await Promise.all(server.requests.map((q) => parseWithBusboy(q.body, q.headers['content-type']!)));
    const view = (parts: typeof mine): unknown => parts!.map((p) => [p.name, p.filename, p.data.toString('base64')]);
    expect(view(mine)).toEqual(view(theirs));
  });

  it('refuses a file it cannot read (exit 2) before connecting', async () => {
    const r = await runNettk(['http', 'http://127.0.0.1:9/', '-F', `f=@${join(dir, 'missing.bin')}`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot read file ".*missing\.bin": no such file/);
  });

  it('refuses a --boundary that occurs in a part (exit 2)', async () => {
    const r = await runNettk(['http', '--print-request', 'http://x/', '--boundary', 'fake', '-F', 'a=%PDF-fake']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/boundary "fake" occurs inside part "a"/);
  });
});
