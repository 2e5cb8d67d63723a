import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { ENDS_BEFORE_MS, startRawServer, type RawServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

let servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A server that writes `response` and then holds the connection open (never closes by itself). */
async function answering(response: string | ((socket: Socket) => void), options: { immediate?: boolean } = {}): Promise<string> {
  const s = await startRawServer((socket) => (typeof response === 'string' ? socket.write(response, 'latin1') : response(socket)), options);
  servers.push(s);
  return `http://127.0.0.1:${s.port}/`;
}

describe('nettk http against servers that misbehave ends with a clear error, never a hang', () => {
  it.each([
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n', 'hello', /bad chunk size line "zz": expected hex digits/],
    ['a chunk shorter than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n', 'hel', /chunk data not followed by CRLF \(got "l"\): the chunk size is wrong/],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello', '', /invalid Content-Length "-5": must be digits only/],
    ['duplicate Content-Length fields that disagree', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello', '', /conflicting Content-Length values 5 and 50/],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nthis is not a header\r\n\r\n', '', /malformed header line/],
    ['an SSH banner instead of HTTP', 'SSH-2.0-OpenSSH_9.2p1\r\n', '', /not an HTTP\/1.x response: starts with "SSH-2.0-OpenSSH_9.2p1\\r\\n"/],
  ])('rejects %s (exit 3)', async (_what, response, body, message) => {
    const url = await answering(response);
    const r = await runNettk(['http', '--idle-timeout', '10', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe(body);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('escapes what the server sent before it reaches stderr (errors and warnings)', async () => {
    const bad = await runNettk(['http', '--idle-timeout', '10', await answering('HTTP/1.1 200 OK\r\nContent-Length: 1\x1b]0;pwned\x07\r\n\r\nx')]);
    expect(bad.code, bad.stderr).toBe(3);
    expect(bad.stderr).toMatch(/invalid Content-Length "1\\e\]0;pwned\\x07"/);
    const warned = await runNettk(['http', await answering('HTTP/1.1 200 OK\r\nTransfer-Encoding: \x1b[31mgzip\r\nConnection: close\r\n\r\nhi')], { timeoutMs: 15_000 });
    expect(warned.stderr).toMatch(/Transfer-Encoding "\\e\[31mgzip"/);
    for (const r of [bad, warned]) expect(r.stderr).not.toMatch(/[\x1b\x07]/);
  });

  it('caps a header section that never ends', async () => {
    const url = await answering((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      socket.write('X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(2000));
    });
    const r = await runNettk(['http', '--max-header-size', '8192', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^nettk: header section larger than 8192 bytes without an end \(no empty line\)$/m);
  });

  it('times out a head that stops before its empty line, saying so', async () => {
    const url = await answering('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n');
    const r = await runNettk(['http', '--idle-timeout', '0.3', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/no data from the server for 300 ms inside the response head \(\d+ bytes, no empty line yet\)/);
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('shows what arrived when a server stalls mid-body and --max-time runs out', async () => {
    const url = await answering('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst forty bytes of a body that stalls.');
    const r = await runNettk(['http', '--max-time', '0.5', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('first forty bytes of a body that stalls.');
    expect(r.stderr).toMatch(/timed out \(--max-time 0\.5 s\) after 40 of 100 body bytes/);
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });

  it('reports a server that closes before the body is complete', async () => {
    const url = await answering((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    const r = await runNettk(['http', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('abc');
    expect(r.stderr).toMatch(/connection closed after 3 of 10 body bytes \(Content-Length\)/);
  });

  it('reports an empty reply', async () => {
    const url = await answering((socket) => socket.end());
    const r = await runNettk(['http', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/server closed the connection without sending a response \(empty reply\)/);
  });

  it('lets Transfer-Encoding win over Content-Length with a warning', async () => {
    const url = await answering('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nchunks\r\n0\r\n\r\n');
    const r = await runNettk(['http', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('chunks');
    expect(r.stderr).toMatch(/warning: both Transfer-Encoding and Content-Length: Transfer-Encoding wins/);
  });

  it('escapes terminal control sequences a server puts in its headers', async () => {
    const url = await answering('HTTP/1.1 200 OK\r\nX-Evil: \x1b]0;pwned\x07\x1b[2J\r\nContent-Length: 0\r\n\r\n');
    const r = await runNettk(['http', '-v', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('< X-Evil: \\e]0;pwned\\x07\\e[2J\n');
    expect(r.stderr).not.toContain('\x1b]0');
  });

  it('names a TLS server answered in plaintext', async () => {
    const url = await answering((socket) => socket.write(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])));
    const r = await runNettk(['http', url]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/not an HTTP\/1\.x response: .* a TLS server\? use https:\/\/ or --tls/);
  });
});
