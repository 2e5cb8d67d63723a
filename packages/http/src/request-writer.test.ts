import { describe, expect, it } from 'vitest';
import { parseHeaderOption } from './headers.js';
import { basicAuth, buildRequest, encodeChunked } from './request-writer.js';

const base = { method: 'GET', target: '/', host: 'example.com', userAgent: 'nettk/0.1.0' };

describe('buildRequest', () => {
  it('writes a GET with Host first, User-Agent, Accept and Connection: close', () => {
    const r = buildRequest(base);
    expect(r.head.toString()).toBe('GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: nettk/0.1.0\r\nAccept: */*\r\nConnection: close\r\n\r\n');
    expect(r.body.length).toBe(0);
    expect(r.bytes).toBe(r.head.length);
  });

  it('leaves out Connection: close when kept alive', () => {
    expect(buildRequest({ ...base, keepAlive: true }).head.toString()).not.toMatch(/Connection/);
  });

  it('counts Content-Length in bytes and adds the default Content-Type', () => {
    const r = buildRequest({ ...base, method: 'POST', body: Buffer.from('ünïcödé'), contentType: 'application/x-www-form-urlencoded' });
    expect(r.headers).toContainEqual(['Content-Length', '11']);
    expect(r.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded']);
    expect(r.body.toString()).toBe('ünïcödé');
  });

  it('sends Content-Length: 0 for empty data', () => {
    expect(buildRequest({ ...base, method: 'POST', body: Buffer.alloc(0) }).headers).toContainEqual(['Content-Length', '0']);
  });

  it('replaces a default where it stands, removes one with "Name:", and appends the rest', () => {
    const headers = ['host: other.example', 'User-Agent:', 'X-A: 1', 'X-A: 2', 'Accept: text/html'].map(parseHeaderOption);
    const r = buildRequest({ ...base, headers });
    expect(r.headers).toEqual([['host', 'other.example'], ['Accept', 'text/html'], ['Connection', 'close'], ['X-A', '1'], ['X-A', '2']]);
  });

  it('sends an empty field for "Name;" as curl does', () => {
    expect(buildRequest({ ...base, headers: [parseHeaderOption('X-Empty;')] }).head.toString()).toContain('X-Empty: \r\n');
  });

  it('chunk-encodes the body when the user sets Transfer-Encoding: chunked', () => {
    const r = buildRequest({ ...base, method: 'POST', body: Buffer.from('hello world'), headers: [parseHeaderOption('Transfer-Encoding: chunked')] });
    expect(r.headers.map(([k]) => k)).not.toContain('Content-Length');
    expect(r.body.toString()).toBe('b\r\nhello world\r\n0\r\n\r\n');
    expect(encodeChunked(Buffer.alloc(0)).toString()).toBe('0\r\n\r\n');
  });

  it('notices Expect: 100-continue', () => {
    expect(buildRequest({ ...base, headers: [parseHeaderOption('Expect: 100-continue')] }).expectContinue).toBe(true);
    expect(buildRequest(base).expectContinue).toBe(false);
  });

  it.each([
    ['a method with a space', { method: 'GE T' }, /bad method "GE T"/],
    ['a target with a space', { target: '/a b' }, /bad request target/],
  ])('rejects %s', (_what, patch, message) => {
    expect(() => buildRequest({ ...base, ...patch })).toThrow(message);
  });

  it('builds Basic credentials (RFC 7617)', () => {
    expect(basicAuth('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });
});

describe('parseHeaderOption', () => {
  it.each([
    ['X-A: b', { name: 'X-A', value: 'b' }],
    ['X-A:b  ', { name: 'X-A', value: 'b' }],
    ['X-A:', { name: 'X-A', value: null }],
    ['X-A;', { name: 'X-A', value: '' }],
    ['X-A: a: b', { name: 'X-A', value: 'a: b' }],
  ])('reads %j', (input, expected) => {
    expect(parseHeaderOption(input)).toEqual(expected);
  });

  it.each([
    ['no colon', 'NoColon', /expected "Name: value"/],
    ['a CR/LF in the value', 'X-A: b\r\nX-Injected: 1', /contains CR, LF or NUL/],
    ['whitespace before the colon', 'X-A : b', /no whitespace allowed before the colon/],
    ['a bad name', 'X(A): b', /bad header name/],
  ])('rejects %s', (_what, input, message) => {
    expect(() => parseHeaderOption(input)).toThrow(message);
  });
});
