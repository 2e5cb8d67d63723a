import { describe, expect, it } from 'vitest';
import { looksBinary, TerminalText } from './http-terminal-text.js';
import { transcriptLine } from './http-transcript.js';

function render(input: Buffer, split: number): string {
  const t = new TerminalText();
  let out = '';
  for (let i = 0; i < input.length; i += split) out += t.push(input.subarray(i, i + split));
  return out + t.flush();
}

describe('TerminalText', () => {
  const sample = Buffer.from('héllo ✓ 🙂\r\nline two\x1b[31m red\rX\r\n', 'utf8');
  const expected = 'héllo ✓ 🙂\nline two\\e[31m red\\rX\n';

  it('renders CRLF as a line end, escapes ESC and a lone CR', () => {
    expect(render(sample, sample.length)).toBe(expected);
  });

  it('gives the same text however the bytes are split (UTF-8 and CRLF kept whole)', () => {
    for (let split = 1; split <= 7; split++) expect(render(sample, split)).toBe(expected);
  });

  it('shows invalid UTF-8 as escapes, and a dangling partial character at the end', () => {
    expect(render(Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x9c]), 1)).toBe('a\\xffb\\xe2\\x9c');
  });
});

describe('looksBinary', () => {
  it.each([
    ['text/html; charset=utf-8', Buffer.from([0, 1, 2]), false],
    ['application/problem+json', Buffer.from('{}'), false],
    ['image/png', Buffer.from('plain'), true],
    ['application/octet-stream', Buffer.from('plain'), true],
    [undefined, Buffer.from('plain text ✓'), false],
    [undefined, Buffer.from([0x68, 0x00, 0x69]), true],
    [undefined, Buffer.from([0x68, 0xff, 0x69]), true],
    [undefined, Buffer.from('ends mid-char \xe2\x9c', 'latin1'), false],
  ])('decides %s / %j → binary %s', (type, bytes, binary) => {
    expect(looksBinary(type, bytes)).toBe(binary);
  });
});

describe('transcriptLine', () => {
  it.each([
    ['GET / HTTP/1.1\r\n', false, 'GET / HTTP/1.1'],
    ['GET / HTTP/1.1\r\n', true, 'GET / HTTP/1.1\\r\\n'],
    ['bare LF\n', true, 'bare LF\\n'],
    ['X: a\rb\r\n', false, 'X: a\\rb'],
    ['X: \x1b]0;t\x07\r\n', false, 'X: \\e]0;t\\x07'],
  ])('renders %j (show CRLF %s) as %j', (line, showCrlf, out) => {
    expect(transcriptLine(Buffer.from(line, 'latin1'), showCrlf)).toBe(out);
  });
});
