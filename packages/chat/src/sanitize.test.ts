import { describe, expect, it } from 'vitest';
import { sanitizeLine } from './sanitize.js';

const clean = (s: string | Buffer): string => sanitizeLine(typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('utf8');

describe('sanitizeLine', () => {
  it('returns printable ASCII unchanged and without a copy', () => {
    const input = Buffer.from('hello, world: 1 + 1 = 2 <ok> ~');
    expect(sanitizeLine(input)).toBe(input);
  });

  it('keeps UTF-8 text intact (accents, CJK, emoji)', () => {
    expect(clean('héllo wörld — 你好 🎉')).toBe('héllo wörld — 你好 🎉');
  });

  it('removes a bare CR so nobody can overwrite the name prefix', () => {
    expect(clean('innocent\r<admin> pwned')).toBe('innocent<admin> pwned');
  });

  it('removes C0 controls and DEL, and turns TAB into a space', () => {
    expect(clean('a\x00b\x07c\x08d\x7fe\tf')).toBe('abcde f');
  });

  it('removes CSI sequences whole (colours, cursor moves, clear screen)', () => {
    expect(clean('\x1b[31mred\x1b[0m \x1b[2J\x1b[H\x1b[?25lx')).toBe('red x');
  });

  it('removes OSC strings ended by BEL or ST (window title, hyperlinks)', () => {
    expect(clean('a\x1b]0;evil title\x07b')).toBe('ab');
    expect(clean('a\x1b]8;;http://x.test\x1b\\link\x1b]8;;\x1b\\b')).toBe('alinkb');
  });

  it('removes DCS/APC strings and two-byte escapes', () => {
    expect(clean('a\x1bP1$r\x1b\\b\x1b_apc\x1b\\c\x1bcd\x1b(Be')).toBe('abcde');
  });

  it('drops an unterminated escape at the end of the line', () => {
    expect(clean('tail\x1b[12')).toBe('tail');
    expect(clean('tail\x1b]0;no end')).toBe('tail');
    expect(clean('tail\x1b')).toBe('tail');
  });

  it('ends a malformed CSI at the first byte that cannot belong to it', () => {
    expect(clean('a\x1b[1\x1b[32mb')).toBe('ab');
    expect(clean('a\x1b[1é')).toBe('aé');
  });

  it('removes C1 controls, bidi overrides and line separators encoded as UTF-8', () => {
    expect(clean('a\u009b31mb')).toBe('a31mb');
    expect(clean('access\u202e\u2066level\u2069\u202c ok')).toBe('accesslevel ok');
    expect(clean('one\u2028two')).toBe('onetwo');
  });

  it('replaces invalid UTF-8 with U+FFFD so every relayed line is valid UTF-8', () => {
    const out = sanitizeLine(Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x63, 0xe2, 0x82, 0xc0, 0xed, 0xa0, 0x80]));
    expect(out.toString('utf8')).toBe('a\ufffdb\ufffdc\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd');
    expect(Buffer.from(out.toString('utf8'), 'utf8').equals(out)).toBe(true);
  });

  it('rejects overlong encodings and truncated sequences at the end', () => {
    expect(clean(Buffer.from([0xc0, 0xaf]))).toBe('\ufffd\ufffd');
    expect(clean(Buffer.from([0x41, 0xf0, 0x9f, 0x8e]))).toBe('A\ufffd\ufffd\ufffd');
  });
});
