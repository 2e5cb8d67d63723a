import { describe, expect, it } from 'vitest';
import { runBothWays, type FramerRun } from '../../../test/helpers/http-framer.js';
import { ResponseFramer } from './response-framer.js';

function frame(input: string, options: Parameters<typeof runBothWays>[1] = {}): FramerRun {
  const { whole, bytes } = runBothWays(input, options);
  expect(bytes).toEqual(whole);
  return whole;
}
const find = (run: FramerRun, type: string): Record<string, unknown> | undefined => run.events.find((e) => e.type === type);
const warnings = (run: FramerRun): string[] => run.events.filter((e) => e.type === 'warning').map((e) => e.message as string);

describe('ResponseFramer: close-delimited bodies and persistence', () => {
  it('reads until the server closes when there is no length', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it\r\n', { close: true });
    expect(run.body).toBe('all of it\r\n');
    expect(find(run, 'end')).toEqual({ type: 'end', framing: 'close', bodyBytes: 11, keepAlive: false, upgrade: false });
  });

  it('reads until close when Transfer-Encoding does not end in chunked', () => {
    const run = frame('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz', { close: true });
    expect(find(run, 'end')).toMatchObject({ framing: 'close', bodyBytes: 3 });
    expect(warnings(run).join()).toMatch(/does not end in chunked/);
  });

  it.each([
    ['HTTP/1.1 with no Connection field', 'HTTP/1.1 200 OK', '', true],
    ['HTTP/1.1 with Connection: close', 'HTTP/1.1 200 OK', 'Connection: close\r\n', false],
    ['HTTP/1.1 with close among other tokens', 'HTTP/1.1 200 OK', 'Connection: Upgrade, Close\r\n', false],
    ['HTTP/1.0 with no Connection field', 'HTTP/1.0 200 OK', '', false],
    ['HTTP/1.0 with Connection: keep-alive', 'HTTP/1.0 200 OK', 'Connection: Keep-Alive\r\n', true],
  ])('decides reuse for %s (RFC 9112 §9.3)', (_what, statusLine, field, keepAlive) => {
    const run = frame(`${statusLine}\r\n${field}Content-Length: 0\r\n\r\n`);
    expect(find(run, 'end')).toMatchObject({ keepAlive });
  });
});

describe('ResponseFramer: status line and header section', () => {
  it('accepts a status line without a reason phrase', () => {
    expect(find(frame('HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n'), 'head')).toMatchObject({ status: 200, reason: '' });
  });

  it('skips empty lines before the status line', () => {
    expect(find(frame('\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'), 'head')).toMatchObject({ status: 204 });
  });

  it('accepts bare LF line ends with a warning', () => {
    const run = frame('HTTP/1.1 200 OK\nContent-Length: 2\n\nok');
    expect(run.body).toBe('ok');
    expect(warnings(run)).toEqual(['bare LF line ending in the header section (accepted, RFC 9112 §2.2)']);
  });

  it('unfolds obsolete line folding with a warning', () => {
    const run = frame('HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\nContent-Length: 0\r\n\r\n');
    expect(find(run, 'head')!.headers).toEqual([['X-Long', 'one two'], ['Content-Length', '0']]);
    expect(warnings(run).join()).toMatch(/obsolete line folding in header "X-Long"/);
  });

  it('decodes UTF-8 field values and keeps Latin-1 ones byte for byte', () => {
    const raw = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nX-U: '), Buffer.from('café ✓'), Buffer.from('\r\nX-L: caf\xe9\r\nContent-Length: 0\r\n\r\n', 'latin1')]);
    const { whole, bytes } = runBothWays(raw);
    expect(bytes).toEqual(whole);
    expect(find(whole, 'head')!.headers).toEqual([['X-U', 'café ✓'], ['X-L', 'café'], ['Content-Length', '0']]);
  });

  it.each([
    ['whitespace before the colon', 'Content-Length : 5', /whitespace between header name and colon/],
    ['a line without a colon', 'Just some text', /malformed header line \(no "name:"\): "Just some text"/],
    ['a name with a space', 'Bad Name: x', /bad header name/],
  ])('rejects %s', (_what, line, message) => {
    const run = frame(`HTTP/1.1 200 OK\r\n${line}\r\n\r\nhello`);
    expect(find(run, 'error')!.message).toMatch(message);
  });

  it.each([
    ['an SSH banner', 'SSH-2.0-OpenSSH_9.2\r\n', /not an HTTP\/1.x response: starts with "SSH-2.0-OpenSSH_9.2\\r\\n"/],
    ['a TLS alert', '\x15\x03\x03\x00\x02\x02\x46', /a TLS server\? use https:\/\/ or --tls/],
    ['an HTTP/2 SETTINGS frame', '\x00\x00\x12\x04\x00\x00\x00\x00\x00', /HTTP\/2-only server/],
  ])('names %s at once, before any line end', (_what, input, message) => {
    // The message quotes what has arrived, so only the whole-buffer run has the full text.
    const { whole, bytes } = runBothWays(input);
    expect(whole.events).toEqual([{ type: 'error', code: 'NETTK_ERR_PROTOCOL', message: expect.stringMatching(message) }]);
    expect(bytes.events).toEqual([{ type: 'error', code: 'NETTK_ERR_PROTOCOL', message: expect.stringMatching(/^not an HTTP\/1.x response: starts with /) }]);
  });

  it('rejects HTTP/2.0 in a status line', () => {
    expect(find(frame('HTTP/2.0 200 OK\r\n\r\n'), 'error')!.message).toMatch(/unsupported HTTP version HTTP\/2.0/);
  });

  it('caps the header section size when the empty line never comes', () => {
    const run = frame(`HTTP/1.1 200 OK\r\n${'X-Pad: aaaaaaaaaaaaaaaa\r\n'.repeat(100)}`, { maxHeaderBytes: 1024 });
    expect(find(run, 'error')).toMatchObject({ code: 'NETTK_ERR_LIMIT', message: 'header section larger than 1024 bytes without an end (no empty line)' });
  });

  it('caps the number of header fields', () => {
    const run = frame(`HTTP/1.1 200 OK\r\n${'X: y\r\n'.repeat(11)}\r\n`, { maxHeaderCount: 10 });
    expect(find(run, 'error')).toMatchObject({ code: 'NETTK_ERR_LIMIT', message: 'more than 10 header fields' });
  });

  it('calls a close before any byte an empty reply', () => {
    const run = frame('', { close: true });
    expect(run.events).toEqual([{ type: 'error', code: 'NETTK_ERR_NETWORK', message: 'server closed the connection without sending a response (empty reply)' }]);
  });

  it('says so when the server closes after a 1xx, before the final response', () => {
    const run = frame('HTTP/1.1 100 Continue\r\n\r\n', { close: true });
    expect(find(run, 'error')!.message).toBe('server closed the connection after 1 informational (1xx) response, before the final response');
  });

  it('calls a close inside the head a truncated head', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Le', { close: true });
    expect(find(run, 'error')!.message).toBe('connection closed inside the response head (27 bytes, no empty line ending the header section)');
  });

  it('ignores input after an error and after finish', () => {
    const framer = new ResponseFramer();
    expect(framer.push(Buffer.from('XTTP/1.1'))[0]!.type).toBe('error');
    expect(framer.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toEqual([]);
    expect(framer.failed).toBe(true);
  });

  it('describes its progress for timeout messages', () => {
    const framer = new ResponseFramer();
    expect(framer.describeProgress()).toBe('waiting for the response');
    framer.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc'));
    expect(framer.describeProgress()).toBe('after 3 of 9 body bytes');
  });
});

describe('ResponseFramer: raw events', () => {
  it('passes on exactly the bytes of the response, framing included, and not the excess', () => {
    const response = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n';
    const { whole, bytes } = runBothWays(`${response}HTTP/1.1 204`, { emitRaw: true });
    for (const run of [whole, bytes]) {
      expect(run.events.filter((e) => e.type === 'raw').map((e) => e.data).join('')).toBe(response);
      expect(run.excess).toBe('HTTP/1.1 204');
    }
  });
});
