import { describe, expect, it } from 'vitest';
import { parseWithBusboy, parseWithUndici } from '../../../test/helpers/http-multipart.js';
import { buildMultipart, checkBoundary, escapeFormName, randomBoundary, type MultipartPart } from './multipart.js';

const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const parts: MultipartPart[] = [
  { name: 'plain', data: Buffer.from('hello') },
  { name: 'empty', data: Buffer.alloc(0) },
  { name: 'utf8 ✓ name', data: Buffer.from('zürich ✓\r\nline two') },
  { name: 'files', data: binary, filename: 'raw.bin', contentType: 'application/octet-stream' },
  { name: 'files', data: Buffer.from('%PDF-1.4\n'), filename: 'résumé "final".pdf', contentType: 'application/pdf' },
  { name: 'files', data: Buffer.alloc(0), filename: 'empty.txt', contentType: 'text/plain' },
];

describe('buildMultipart', () => {
  it('writes --B delimiters, a --B-- close and CRLF everywhere', () => {
    const m = buildMultipart([{ name: 'a', data: Buffer.from('1') }, { name: 'f', data: Buffer.from('x'), filename: 'f.txt', contentType: 'text/plain' }], { boundary: 'XyZ' });
    expect(m.contentType).toBe('multipart/form-data; boundary=XyZ');
    expect(m.body.toString('latin1')).toBe(
      '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n' +
        '--XyZ--\r\n',
    );
  });

  // undici follows the WHATWG parser and turns %22 back into a quote; busboy leaves it escaped.
  it.each([
    ['undici Response.formData()', parseWithUndici, 'résumé "final".pdf'],
    ['busboy', parseWithBusboy, 'résumé %22final%22.pdf'],
  ])('is parsed back exactly by %s', async (_name, parse, quoted) => {
    const m = buildMultipart(parts);
    const parsed = await parse(m.body, m.contentType);
    expect(parsed.map((p) => p.name)).toEqual(parts.map((p) => p.name));
    expect(parsed.map((p) => p.data)).toEqual(parts.map((p) => p.data));
    expect(parsed.filter((p) => p.filename !== undefined).map((p) => p.filename)).toEqual(['raw.bin', quoted, 'empty.txt']);
    expect(parsed.filter((p) => p.filename !== undefined).map((p) => p.type)).toEqual(['application/octet-stream', 'application/pdf', 'text/plain']);
  });

  it('quotes a boundary with specials in the Content-Type and parsers still accept it', async () => {
    const m = buildMultipart(parts.slice(0, 2), { boundary: "a'(b)+_,-./:=? c" });
    expect(m.contentType).toBe('multipart/form-data; boundary="a\'(b)+_,-./:=? c"');
    expect((await parseWithUndici(m.body, m.contentType)).map((p) => p.name)).toEqual(['plain', 'empty']);
    expect((await parseWithBusboy(m.body, m.contentType)).map((p) => p.name)).toEqual(['plain', 'empty']);
  });

  it('escapes quotes and line breaks in names the way browsers do', () => {
    expect(escapeFormName('a"b\r\nc\nd\re')).toBe('a%22b%0D%0Ac%0D%0Ad%0D%0Ae');
    const m = buildMultipart([{ name: 'x"\ny', data: Buffer.from('v'), filename: 'a\r\n.txt', contentType: 'text/plain' }], { boundary: 'B' });
    expect(m.body.toString()).toContain('name="x%22%0D%0Ay"; filename="a%0D%0A.txt"');
  });

  it('draws a new random boundary when one occurs in a part', () => {
    const b = randomBoundary();
    expect(b).toMatch(/^-+nettk[0-9A-Za-z]{24}$/);
    expect(b.length).toBeLessThanOrEqual(70);
    const m = buildMultipart([{ name: 'a', data: Buffer.from(`--${b}--`) }]);
    expect(m.boundary).not.toBe(b);
    expect(m.body.subarray(0, 2 + m.boundary.length).toString()).toBe(`--${m.boundary}`);
  });

  it('refuses a fixed boundary that occurs inside a part', () => {
    expect(() => buildMultipart([{ name: 'doc', data: Buffer.from('xx--SEP--xx') }], { boundary: 'SEP' })).toThrow('boundary "SEP" occurs inside part "doc": choose another --boundary');
  });

  it.each(['', 'a'.repeat(71), 'ends in space ', 'semi;colon', 'quote"'])('rejects the boundary %j', (boundary) => {
    expect(() => checkBoundary(boundary)).toThrow(/bad boundary/);
  });

  it('counts Content-Length in bytes, not characters', () => {
    const m = buildMultipart([{ name: 'ü', data: Buffer.from('✓✓') }], { boundary: 'B' });
    expect(m.body.length).toBe(Buffer.byteLength(m.body.toString('utf8')));
    expect(m.body.length).toBeGreaterThan(m.body.toString('utf8').length);
  });

  it('writes only the close delimiter for an empty form', async () => {
    const m = buildMultipart([], { boundary: 'B' });
    expect(m.body.toString()).toBe('--B--\r\n');
  });
});
