import { describe, expect, it } from 'vitest';
import { ChatInputParser, parseCommand, type ChatInput } from './input-parser.js';

/** Plain objects for comparison: Buffers as UTF-8 strings. */
function plain(inputs: ChatInput[]): unknown[] {
  return inputs.map((i) => ('text' in i ? { ...i, text: i.text.toString('utf8') } : i));
}

/** Feed the whole stream at once, and byte by byte: both must give the same inputs. */
function parseBoth(stream: Buffer | string, max = 64, end = false): unknown[] {
  const bytes = typeof stream === 'string' ? Buffer.from(stream, 'utf8') : stream;
  const whole = new ChatInputParser(max);
  const a = [...whole.push(bytes), ...(end ? whole.end() : [])];
  const single = new ChatInputParser(max);
  const b: ChatInput[] = [];
  for (const byte of bytes) b.push(...single.push(Buffer.from([byte])));
  if (end) b.push(...single.end());
  expect(plain(b)).toEqual(plain(a));
  return plain(a);
}

describe('ChatInputParser', () => {
  it('relays only whole lines: a partial line waits for its newline', () => {
    const p = new ChatInputParser(64);
    expect(p.push(Buffer.from('hel'))).toEqual([]);
    expect(p.pendingBytes).toBe(3);
    expect(plain(p.push(Buffer.from('lo\nwor')))).toEqual([{ type: 'say', text: 'hello' }]);
    expect(plain(p.push(Buffer.from('ld\n')))).toEqual([{ type: 'say', text: 'world' }]);
  });

  it('ends lines at LF and at CRLF alike', () => {
    expect(parseBoth('one\r\ntwo\nthree\r\n')).toEqual([
      { type: 'say', text: 'one' },
      { type: 'say', text: 'two' },
      { type: 'say', text: 'three' },
    ]);
  });

  it('ignores empty and blank lines, and trims trailing spaces', () => {
    expect(parseBoth('\n\r\n   \nhi   \n')).toEqual([{ type: 'say', text: 'hi' }]);
  });

  it('reports an overlong line once instead of relaying it, then carries on', () => {
    expect(parseBoth(`${'x'.repeat(100)}\nok\n`, 64)).toEqual([
      { type: 'overlong', bytes: 100 },
      { type: 'say', text: 'ok' },
    ]);
  });

  it('accepts a line of exactly the maximum, with or without CR', () => {
    const line = 'y'.repeat(64);
    expect(parseBoth(`${line}\r\n${line}\n`, 64)).toEqual([
      { type: 'say', text: line },
      { type: 'say', text: line },
    ]);
  });

  it('strips controls and escape sequences but keeps UTF-8, whole and byte by byte', () => {
    expect(parseBoth('h\u00e9 \x1b[31mred\x1b[0m \u4f60\u597d\x07!\n')).toEqual([{ type: 'say', text: 'hé red 你好!' }]);
  });

  it('turns a final line without newline into a line at a clean end of input', () => {
    expect(parseBoth('first\nlast words', 64, true)).toEqual([
      { type: 'say', text: 'first' },
      { type: 'say', text: 'last words' },
    ]);
  });

  it('recognises commands case-insensitively, with their arguments', () => {
    expect(parseBoth('/nick alice\n/NICK  bob \n/who\n/me waves hello\n/quit see you\n/quit\n/help\n')).toEqual([
      { type: 'nick', name: 'alice' },
      { type: 'nick', name: 'bob' },
      { type: 'who' },
      { type: 'me', text: 'waves hello' },
      { type: 'quit', message: 'see you' },
      { type: 'quit', message: '' },
      { type: 'help' },
    ]);
  });

  it('answers a command without its argument with its usage', () => {
    expect(parseBoth('/nick\n/me\n')).toEqual([
      { type: 'usage', usage: '/nick NAME' },
      { type: 'usage', usage: '/me ACTION' },
    ]);
  });

  it('sends "//text" as "/text" and relays lines that only look like commands', () => {
    expect(parseBoth('//nick is a command\n/usr/bin is a path\n/ :)\n/frob x\n')).toEqual([
      { type: 'say', text: '/nick is a command' },
      { type: 'say', text: '/usr/bin is a path' },
      { type: 'say', text: '/ :)' },
      { type: 'unknown', command: 'frob' },
    ]);
  });
});

describe('parseCommand', () => {
  it('is undefined for text that is not a command', () => {
    expect(parseCommand('hello')).toBeUndefined();
    expect(parseCommand('/123')).toBeUndefined();
  });

  it('keeps the raw name argument for validation by the server', () => {
    expect(parseCommand('/nick two words')).toEqual({ type: 'nick', name: 'two words' });
  });
});
