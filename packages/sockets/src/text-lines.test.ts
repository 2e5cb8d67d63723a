import { describe, expect, it } from 'vitest';
import { TextLines } from './text-lines.js';

describe('TextLines', () => {
  it('returns whole lines as they complete, LF or CRLF, and the unterminated last one at the end', () => {
    const t = new TextLines();
    expect(t.push('a\nb')).toEqual(['a']);
    expect(t.push('c\r')).toEqual([]);
    expect(t.push('\n\nd')).toEqual(['bc', '']);
    expect(t.end()).toEqual(['d']);
    expect(t.end()).toEqual([]);
  });

  it('splits the same way whole and byte by byte', () => {
    const text = 'one\r\ntwo\n\nthree';
    const whole = new TextLines();
    const bytes = new TextLines();
    expect([...[...text].flatMap((c) => bytes.push(c)), ...bytes.end()]).toEqual([...whole.push(text), ...whole.end()]);
  });

  it('refuses a line longer than its cap', () => {
    const t = new TextLines(8);
    expect(() => t.push('123456789')).toThrow('line longer than 8 characters');
  });
});
