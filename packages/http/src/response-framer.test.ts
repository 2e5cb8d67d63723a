import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBothWays, runFramer, type FramerRun } from '../../../test/helpers/http-framer.js';

/** Run a case whole and byte by byte, assert both agree, return the run. */
function frame(input: string, options: Parameters<typeof runBothWays>[1] = {}): FramerRun {
  const { whole, bytes } = runBothWays(input, options);
  expect(bytes).toEqual(whole);
  return whole;
}

const types = (run: FramerRun): unknown[] => run.events.map((e) => e.type);
const endOf = (run: FramerRun): Record<string, unknown> | undefined => run.events.find((e) => e.type === 'end');
const errorOf = (run: FramerRun): Record<string, unknown> | undefined => run.events.find((e) => e.type === 'error');
const warnings = (run: FramerRun): string[] => run.events.filter((e) => e.type === 'warning').map((e) => e.message as string);

describe('ResponseFramer: bodies by Content-Length', () => {
  it('reads exactly Content-Length bytes and keeps what follows as excess', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhelloHTTP/1.1 204');
    expect(types(run)).toEqual(['head', 'data', 'end']);
    expect(run.events[0]).toMatchObject({ status: 200, reason: 'OK', httpVersion: '1.1', headers: [['Content-Length', '5'], ['X-A', 'b']], framing: 'content-length' });
    expect(run.body).toBe('hello');
    expect(endOf(run)).toEqual({ type: 'end', framing: 'content-length', bodyBytes: 5, keepAlive: true, upgrade: false });
    expect(run.excess).toBe('HTTP/1.1 204');
  });

  it('ends at once for Content-Length: 0', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    expect(types(run)).toEqual(['head', 'end']);
  });

  it('keeps the raw head lines exactly as received', () => {
    const raw = 'HTTP/1.1 200 OK\r\nA:  spaced  \r\nContent-Length: 0\r\n\r\n';
    expect(frame(raw).events[0]!.raw).toBe(raw);
  });

  it('accepts identical duplicate Content-Length values with a warning', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc');
    expect(run.body).toBe('abc');
    expect(warnings(run).join()).toMatch(/Content-Length sent 2 times/);
  });

  it.each([
    ['a negative value', 'Content-Length: -1', /invalid Content-Length "-1"/],
    ['letters', 'Content-Length: 12abc', /invalid Content-Length/],
    ['a plus sign', 'Content-Length: +5', /invalid Content-Length/],
    ['an empty value', 'Content-Length:', /invalid Content-Length/],
    ['conflicting duplicates', 'Content-Length: 5\r\nContent-Length: 6', /conflicting Content-Length values 5 and 6/],
    ['a conflicting list', 'Content-Length: 5, 7', /conflicting Content-Length values 5 and 7/],
    ['a value past 2^53', 'Content-Length: 99999999999999999999', /too large/],
  ])('rejects %s', (_what, field, message) => {
    const run = frame(`HTTP/1.1 200 OK\r\n${field}\r\n\r\nhello`);
    expect(types(run)).toEqual(['error']);
    expect(errorOf(run)).toMatchObject({ code: 'NETTK_ERR_PROTOCOL' });
    expect(errorOf(run)!.message).toMatch(message);
  });

  it('reports how many body bytes arrived when the server closes early', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', { close: true });
    expect(run.body).toBe('abc');
    expect(errorOf(run)!.message).toBe('connection closed after 3 of 10 body bytes (Content-Length)');
  });
});

describe('ResponseFramer: responses without a body (RFC 9112 §6.3 rule 1)', () => {
  it.each([
    ['HEAD', 'HEAD', 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n'],
    ['204', 'GET', 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n'],
    ['304', 'GET', 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n'],
  ])('ends a %s response at the empty line', (_what, method, raw) => {
    const run = frame(`${raw}NEXT`, { method });
    expect(types(run)).toEqual(['head', 'end']);
    expect(endOf(run)).toMatchObject({ framing: 'none', bodyBytes: 0, keepAlive: true });
    expect(run.excess).toBe('NEXT');
  });

  it('shows 100 Continue and 103 Early Hints, then reads the final response', () => {
    const run = frame('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(types(run)).toEqual(['head', 'head', 'head', 'data', 'end']);
    expect(run.events.slice(0, 3).map((e) => [e.status, e.informational])).toEqual([[100, true], [103, true], [200, false]]);
    expect(run.events[1]!.headers).toEqual([['Link', '</a.css>; rel=preload']]);
  });

  it('caps the number of 1xx responses', () => {
    const run = frame('HTTP/1.1 100 Continue\r\n\r\n'.repeat(4), { maxInformational: 3 });
    expect(errorOf(run)).toMatchObject({ code: 'NETTK_ERR_LIMIT', message: 'more than 3 informational (1xx) responses' });
  });

  it('treats 101 Switching Protocols as final and leaves the new protocol in excess', () => {
    const run = frame('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello');
    expect(endOf(run)).toMatchObject({ framing: 'none', upgrade: true, keepAlive: false });
    expect(run.excess).toBe('\x81\x05hello');
  });
});

describe('ResponseFramer: chunked bodies (RFC 9112 §7.1)', () => {
  const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n' +
    '5;name=val;q="a;b"\r\nhello\r\n' + '1A\r\n' + 'abcdefghijklmnopqrstuvwxyz\r\n' + '0\r\nX-Sum: 42\r\nX-Other: y\r\n\r\n';

  it('decodes sizes, extensions and trailers', () => {
    const run = frame(chunked);
    expect(run.body).toBe('helloabcdefghijklmnopqrstuvwxyz');
    expect(run.events.filter((e) => e.type === 'chunk')).toEqual([
      { type: 'chunk', size: 5, extensions: [['name', 'val'], ['q', 'a;b']] },
      { type: 'chunk', size: 26, extensions: [] },
      { type: 'chunk', size: 0, extensions: [] },
    ]);
    expect(run.events.find((e) => e.type === 'trailers')).toEqual({ type: 'trailers', trailers: [['X-Sum', '42'], ['X-Other', 'y']], raw: 'X-Sum: 42\r\nX-Other: y\r\n\r\n' });
    expect(endOf(run)).toEqual({ type: 'end', framing: 'chunked', bodyBytes: 31, keepAlive: true, upgrade: false });
  });

  it('gives the same result for any split of the input', () => {
    const whole = runFramer(chunked);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        expect(runFramer(chunked, { split: sizes })).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('lets Transfer-Encoding win over Content-Length, with a warning, and never reuses the connection', () => {
    const run = frame('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(run.body).toBe('abc');
    expect(warnings(run).join()).toMatch(/Transfer-Encoding wins/);
    expect(endOf(run)).toMatchObject({ framing: 'chunked', keepAlive: false });
  });

  it.each([
    ['a size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n', /bad chunk size line "zz"/],
    ['a negative size', '-5\r\nhello\r\n0\r\n\r\n', /bad chunk size line "-5"/],
    ['a size smaller than the data', '3\r\nhello\r\n0\r\n\r\n', /chunk data not followed by CRLF \(got "l"\): the chunk size is wrong/],
    ['an absurd size', 'fffffffffffffffff\r\n', /too large/],
    ['a space before the size', ' 5\r\nhello\r\n0\r\n\r\n', /bad chunk size line/],
  ])('rejects %s', (_what, body, message) => {
    const run = frame(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
    expect(errorOf(run)).toMatchObject({ code: 'NETTK_ERR_PROTOCOL' });
    expect(errorOf(run)!.message).toMatch(message);
  });

  it('rejects chunked applied twice', () => {
    const run = frame('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n');
    expect(errorOf(run)!.message).toMatch(/chunked more than once/);
  });

  it('caps a chunk-size line that never ends', () => {
    const run = frame(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;${'x'.repeat(200)}`, { maxChunkLineBytes: 100 });
    expect(errorOf(run)).toMatchObject({ code: 'NETTK_ERR_LIMIT' });
  });

  it('says where it stopped when the server closes mid-chunk', () => {
    const run = frame('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', { close: true });
    expect(errorOf(run)!.message).toBe('connection closed inside a chunk (2 bytes of it missing) after 3 body bytes (chunked)');
  });

  it('accepts bare LF in chunk lines with one warning', () => {
    const run = frame('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\n0\n\n');
    expect(run.body).toBe('ab');
    expect(warnings(run)).toEqual(['bare LF line ending in the chunked body (accepted, RFC 9112 §2.2)', 'bare LF line ending in the trailer section (accepted, RFC 9112 §2.2)']);
    expect(endOf(run)).toMatchObject({ framing: 'chunked' });
  });
});
