import { describe, expect, it } from 'vitest';
import { formatJson } from './format-json.js';
import { formatRaw } from './format-raw.js';
import { formatTty } from './format-tty.js';
import { ReplyError, RespBigNumber, RespDouble, RespMap, RespPush, RespSet, RespVerbatim, type RespValue } from './values.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const raw = (v: RespValue): string => Buffer.concat(formatRaw(v)).toString('latin1');

describe('formatTty (redis-cli cliFormatReplyTTY)', () => {
  it('prints scalars as redis-cli does', () => {
    expect(formatTty('OK')).toBe('OK\n');
    expect(formatTty(1)).toBe('(integer) 1\n');
    expect(formatTty(null)).toBe('(nil)\n');
    expect(formatTty(b('a"\\\x01\xff\n'))).toBe('"a\\"\\\\\\x01\\xff\\n"\n');
    expect(formatTty(new ReplyError('ERR boom'))).toBe('(error) ERR boom\n');
    expect(formatTty(new RespDouble(1.5, '1.5'))).toBe('(double) 1.5\n');
    expect(formatTty(true)).toBe('(true)\n');
    expect(formatTty(new RespVerbatim('txt', b('two\nlines')))).toBe('two\nlines\n');
    expect(formatTty(new RespBigNumber(12345678901234567890n))).toBe('(big number) 12345678901234567890\n');
  });

  it('numbers nested aggregates with right-aligned indexes and growing indentation', () => {
    const items: RespValue[] = Array.from({ length: 10 }, (_, i) => i + 1);
    items.push([b('a'), [b('b')]]);
    expect(formatTty(items)).toBe(
      [' 1) (integer) 1', ' 2) (integer) 2', ' 3) (integer) 3', ' 4) (integer) 4', ' 5) (integer) 5', ' 6) (integer) 6', ' 7) (integer) 7', ' 8) (integer) 8', ' 9) (integer) 9', '10) (integer) 10', '11) 1) "a"', '    2) 1) "b"', ''].join('\n'),
    );
  });

  it('prints maps with # and =>, sets with ~, and empty aggregates by type', () => {
    expect(formatTty(new RespMap([[b('k'), [1, 2]], [b('e'), []]]))).toBe('1# "k" => \n   1) (integer) 1\n   2) (integer) 2\n2# "e" => (empty array)\n');
    expect(formatTty(new RespSet([b('m')]))).toBe('1~ "m"\n');
    expect(formatTty([])).toBe('(empty array)\n');
    expect(formatTty(new RespMap([]))).toBe('(empty hash)\n');
    expect(formatTty(new RespSet([]))).toBe('(empty set)\n');
    expect(formatTty(new RespPush([]))).toBe('(empty push)\n');
  });

  it('escapes terminal control sequences in status and error text', () => {
    expect(formatTty('\x1b[31mred')).toBe('\\e[31mred\n');
  });

  it('prints attributes before the reply', () => {
    expect(formatTty(b('v'), [new RespMap([['ttl', 5]])])).toBe('1| "ttl" => (integer) 5\n"v"\n'.replace('"ttl"', 'ttl'));
  });
});

describe('formatRaw (redis-cli cliFormatReplyRaw)', () => {
  it('prints bare values, nil as an empty line, flattened aggregates and map pairs', () => {
    expect(raw(b('x\ny'))).toBe('x\ny\n');
    expect(raw(null)).toBe('\n');
    expect(raw([b('a'), [b('b'), null], 3])).toBe('a\nb\n\n3\n');
    expect(raw(new RespMap([[b('k'), b('v')], [b('k2'), 2]]))).toBe('k v\nk2 2\n');
    expect(raw(new ReplyError('ERR x'))).toBe('ERR x\n\n');
    expect(raw(false)).toBe('(false)\n');
  });
});

describe('formatJson', () => {
  it('prints one valid JSON document for every type', () => {
    const value: RespValue = [b('text'), b('\xff'), 1, 2n ** 70n, null, true, new RespDouble(Infinity, 'inf'), new RespBigNumber(5n), new RespMap([[b('a'), 1]]), new RespMap([[1, 2]]), new RespSet([b('s')]), new ReplyError('ERR e')];
    const text = formatJson(value);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(text).toBe('["text",{"base64":"/w=="},1,1180591620717411303424,null,true,"inf",5,{"a":1},[[1,2]],["s"],{"error":"ERR e"}]');
  });
});
