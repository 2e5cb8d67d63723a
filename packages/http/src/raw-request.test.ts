import { describe, expect, it } from 'vitest';
import { scanRawRequests } from './raw-request.js';

const scan = (text: string): ReturnType<typeof scanRawRequests> => scanRawRequests(Buffer.from(text, 'latin1'));

describe('scanRawRequests', () => {
  it('finds one request and no warnings in a well-formed GET', () => {
    expect(scan('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toEqual({ methods: ['GET'], bareLf: false, warnings: [] });
  });

  it('finds pipelined requests, skipping bodies by Content-Length and chunked', () => {
    const text = 'POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nHEAD POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nHEAD /c HTTP/1.1\r\n\r\n';
    expect(scan(text).methods).toEqual(['POST', 'POST', 'HEAD']);
    expect(scan(text).warnings).toEqual([]);
  });

  it('warns about bare LF line ends without changing anything', () => {
    const r = scan('GET / HTTP/1.1\nHost: x\n\n');
    expect(r.bareLf).toBe(true);
    expect(r.warnings[0]).toMatch(/bare LF line ends/);
  });

  it('does not mistake LF inside a body for a bare line end', () => {
    expect(scan('POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\na\nb').bareLf).toBe(false);
  });

  it('warns when the head has no empty line', () => {
    expect(scan('GET / HTTP/1.1\r\nHost: x\r\n').warnings.join()).toMatch(/does not end with an empty line/);
  });

  it('warns when the body is shorter than Content-Length', () => {
    expect(scan('POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc').warnings.join()).toMatch(/Content-Length 10 but only 3 body bytes follow: the server will wait for 7 more/);
  });

  it('warns about text that is not a request line', () => {
    expect(scan('hello\r\n\r\n').warnings.join()).toMatch(/"hello" is not a request line/);
  });

  it('refuses to send nothing', () => {
    expect(() => scan('')).toThrow(/nothing to send/);
  });
});
