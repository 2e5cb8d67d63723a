import { describe, expect, it } from 'vitest';
import { formParts, parseFormOption, parseFormStringOption } from './form-option.js';
import { mimeTypeFor } from './mime-types.js';

describe('parseFormOption (curl -F syntax)', () => {
  it.each([
    ['name=value', { name: 'name', kind: 'text', value: 'value' }],
    ['name=', { name: 'name', kind: 'text', value: '' }],
    ['name=a=b', { name: 'name', kind: 'text', value: 'a=b' }],
    ['name=a;b', { name: 'name', kind: 'text', value: 'a;b' }],
    ['name=v;type=text/html', { name: 'name', kind: 'text', value: 'v', type: 'text/html' }],
    ['f=@/tmp/a.pdf', { name: 'f', kind: 'file', value: '/tmp/a.pdf' }],
    ['f=@a.bin;type=image/png;filename=x.png', { name: 'f', kind: 'file', value: 'a.bin', type: 'image/png', filename: 'x.png' }],
    ['f=@"we;ird \\"name\\".txt";filename="s;p"', { name: 'f', kind: 'file', value: 'we;ird "name".txt', filename: 's;p' }],
    ['f=<body.txt', { name: 'f', kind: 'content', value: 'body.txt' }],
  ])('reads %j', (input, expected) => {
    expect(parseFormOption(input)).toEqual(expected);
  });

  it.each([
    ['novalue', /expected name=value/],
    ['=x', /expected name=value/],
    ['f=@', /no file name/],
    ['f=@a;bogus=1', /unknown parameter "bogus"/],
    ['f=@"open', /unterminated quote/],
  ])('rejects %j', (input, message) => {
    expect(() => parseFormOption(input)).toThrow(message);
  });

  it('takes --form-string values literally', () => {
    expect(parseFormStringOption('n=@x;type=y')).toEqual({ name: 'n', kind: 'text', value: '@x;type=y' });
  });
});

describe('formParts', () => {
  const files: Record<string, Buffer> = { '/d/report.PDF': Buffer.from('%PDF'), '/d/data': Buffer.from([0, 1, 2]), '/d/msg.txt': Buffer.from('hi') };
  const read = (path: string): Buffer => files[path] ?? Buffer.alloc(0);

  it('names uploads by base name and types them by extension', () => {
    const parts = formParts([parseFormOption('a=@/d/report.PDF'), parseFormOption('b=@/d/data'), parseFormOption('c=</d/msg.txt'), parseFormOption('d=x')], read);
    expect(parts).toEqual([
      { name: 'a', data: Buffer.from('%PDF'), filename: 'report.PDF', contentType: 'application/pdf' },
      { name: 'b', data: Buffer.from([0, 1, 2]), filename: 'data', contentType: 'application/octet-stream' },
      { name: 'c', data: Buffer.from('hi'), filename: undefined, contentType: undefined },
      { name: 'd', data: Buffer.from('x'), filename: undefined, contentType: undefined },
    ]);
  });

  it('maps common extensions', () => {
    expect(['a.png', 'b.JSON', 'c.tar.gz', 'd', 'e.unknownext'].map(mimeTypeFor)).toEqual(['image/png', 'application/json', 'application/gzip', 'application/octet-stream', 'application/octet-stream']);
  });
});
