import { describe, expect, it } from 'vitest';
import { LimitError, ProtocolError } from '@nettk/core';
import { RequestReader } from './request-reader.js';

function read(input: string, step?: number): string[][] {
  const reader = new RequestReader();
  const buf = Buffer.from(input, 'latin1');
  const out: string[][] = [];
  const size = step ?? buf.length;
  for (let i = 0; i < buf.length; i += size) out.push(...reader.push(buf.subarray(i, i + size)).map((c) => c.map((a) => a.toString('latin1'))));
  expect(reader.idle).toBe(true);
  return out;
}

describe('RequestReader', () => {
  const input = '*2\r\n$3\r\nGET\r\n$1\r\nk\r\nSET a "b c"\r\n\r\nPING\n*1\r\n$4\r\nPI\r\n\r\n*0\r\n';
  const expected = [['GET', 'k'], ['SET', 'a', 'b c'], ['PING'], ['PI\r\n']];

  it('reads RESP arrays and inline commands whole', () => {
    expect(read(input)).toEqual(expected);
  });

  it('reads RESP arrays and inline commands byte by byte', () => {
    expect(read(input, 1)).toEqual(expected);
  });

  it('rejects unbalanced quotes, bad lengths and endless lines', () => {
    expect(() => new RequestReader().push(Buffer.from('SET "a\n'))).toThrow(ProtocolError);
    expect(() => new RequestReader().push(Buffer.from('*1\r\n$x\r\n'))).toThrow(ProtocolError);
    expect(() => new RequestReader().push(Buffer.from('*1\r\n:1\r\n'))).toThrow(ProtocolError);
    expect(() => new RequestReader().push(Buffer.alloc(70_000, 0x61))).toThrow(LimitError);
  });
});
