import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseEscapes, quoteBytes, visible } from './escapes.js';

describe('parseEscapes (echo -e)', () => {
  it('turns the common escapes into bytes', () => {
    expect(parseEscapes('GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n').toString('latin1')).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect([...parseEscapes('\\t\\\\\\a\\b\\e\\f\\v')]).toEqual([9, 0x5c, 7, 8, 0x1b, 12, 11]);
  });

  it('reads \\xHH with one or two hex digits and octal \\0NNN and \\NNN', () => {
    expect([...parseEscapes('\\x41\\x7\\xff')]).toEqual([0x41, 0x07, 0xff]);
    expect([...parseEscapes('\\0101\\101\\0\\07')]).toEqual([0o101, 0o101, 0, 7]);
  });

  it('keeps unknown escapes and a trailing backslash as written', () => {
    expect(parseEscapes('a\\qb\\').toString('latin1')).toBe('a\\qb\\');
  });

  it('encodes text as UTF-8', () => {
    expect(parseEscapes('é\\n')).toEqual(Buffer.from('é\n', 'utf8'));
  });

  it('rejects \\x without hex digits', () => {
    expect(() => parseEscapes('\\xZZ')).toThrow(UsageError);
  });
});

describe('visible()', () => {
  it('passes printable ASCII, tabs, newlines and valid UTF-8 through', () => {
    expect(visible(Buffer.from('hello\tworld\nünïcødé ✓ 🙂'))).toBe('hello\tworld\nünïcødé ✓ 🙂');
  });

  it('escapes ESC/CSI/OSC sequences, other controls and DEL', () => {
    expect(visible(Buffer.from('\x1b[31mred\x1b]0;title\x07\x00\x7f'))).toBe('\\e[31mred\\e]0;title\\x07\\x00\\x7f');
    expect(visible(Buffer.from('a\rb'))).toBe('a\\rb');
  });

  it('escapes invalid UTF-8, overlongs, surrogates and C1 controls', () => {
    expect(visible(Buffer.from([0x61, 0xff, 0xc0, 0xaf, 0x62]))).toBe('a\\xff\\xc0\\xafb');
    expect(visible(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
    expect(visible(Buffer.from([0xc2, 0x9b]))).toBe('\\u{9b}');
    expect(visible(Buffer.from('\u202eevil'))).toBe('\\u{202e}evil');
    expect(visible(Buffer.from([0xe2, 0x82]))).toBe('\\xe2\\x82');
  });

  it('shows CR and LF with showCrlf while keeping line structure', () => {
    expect(visible(Buffer.from('a\r\nb'), { showCrlf: true })).toBe('a\\r\\n\nb');
    expect(visible(Buffer.from('a\nb'), { keepNewlines: false })).toBe('a\\nb');
  });
});

describe('quoteBytes (redis-cli style)', () => {
  it('quotes and escapes like redis-cli', () => {
    expect(quoteBytes(Buffer.from('a\x01b\nc"\\'))).toBe('"a\\x01b\\nc\\"\\\\"');
    expect(quoteBytes(Buffer.from([0xc3, 0xa9]))).toBe('"\\xc3\\xa9"');
  });
});
