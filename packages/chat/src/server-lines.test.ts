import { describe, expect, it } from 'vitest';
import { HELP_LINES, notice, parseNotice } from './notices.js';
import { ServerLineParser, parseServerLine, type ChatLine } from './server-lines.js';

const line = (s: string): ChatLine => parseServerLine(Buffer.from(s, 'utf8'));
const strip = (l: ChatLine): unknown => {
  const { raw: _raw, ...rest } = l;
  return rest;
};

describe('parseNotice', () => {
  it('reads back every notice the server formats', () => {
    expect(parseNotice(notice.welcome('user3'))).toEqual({ type: 'welcome', name: 'user3' });
    expect(parseNotice(notice.online(['a', 'b']))).toEqual({ type: 'online', total: 2, names: ['a', 'b'], complete: true });
    expect(parseNotice(notice.online(['a', 'b', 'c', 'd'], 2))).toEqual({ type: 'online', total: 4, names: ['a', 'b'], complete: false });
    expect(parseNotice(notice.joined('bob'))).toEqual({ type: 'joined', name: 'bob' });
    expect(parseNotice(notice.left('bob', 'quit: bye (really)'))).toEqual({ type: 'left', name: 'bob', reason: 'quit: bye (really)' });
    expect(parseNotice(notice.renamed('user1', 'alice'))).toEqual({ type: 'renamed', from: 'user1', to: 'alice' });
    expect(parseNotice(notice.youAre('alice'))).toEqual({ type: 'you-are', name: 'alice' });
    expect(parseNotice(notice.shutdown)).toEqual({ type: 'shutdown' });
    expect(parseNotice(notice.full(10))).toEqual({ type: 'refused', reason: 'server full (10 clients); try again later' });
  });

  it('reports no event for help and error notices', () => {
    for (const text of [...HELP_LINES, notice.overlong(5000, 4096), notice.nameRefused('x y', 'no'), notice.bye]) expect(parseNotice(text)).toBeUndefined();
  });
});

describe('parseServerLine', () => {
  it('tells messages, actions, notices and other text apart', () => {
    expect(strip(line('<alice> hi there'))).toEqual({ kind: 'message', from: 'alice', text: 'hi there' });
    expect(strip(line('* alice waves'))).toEqual({ kind: 'action', from: 'alice', text: 'waves' });
    expect(strip(line('*** bob has joined'))).toEqual({ kind: 'notice', text: 'bob has joined', event: { type: 'joined', name: 'bob' } });
    expect(strip(line('just text from nc -l'))).toEqual({ kind: 'text', text: 'just text from nc -l' });
  });

  it('understands ncat --chat announcements', () => {
    expect(line('<announce> 127.0.0.1 is connected as <user5>.')).toMatchObject({ kind: 'notice', event: { type: 'joined', name: 'user5' } });
    expect(line('<announce> <user5> is disconnected.')).toMatchObject({ kind: 'notice', event: { type: 'left', name: 'user5' } });
    expect(line('<announce> already connected: 127.0.0.1 as <user4>, 127.0.0.1 as <user6>.')).toMatchObject({
      event: { type: 'online', names: ['user4', 'user6'], complete: false },
    });
    expect(line('<user4> hello')).toMatchObject({ kind: 'message', from: 'user4', text: 'hello' });
  });

  it('escapes control bytes in text from servers that do not strip them', () => {
    const l = line('<mallory> \x1b[2Jgone\rX');
    expect(l).toMatchObject({ kind: 'message', text: '\\e[2Jgone\\rX' });
    expect(l.raw.toString('latin1')).toBe('<mallory> \x1b[2Jgone\rX');
  });
});

describe('ServerLineParser', () => {
  const stream = Buffer.from('*** Welcome to nettk chat, user1! Type /help for commands.\r\n<bob> h\u00e9\n* bob waves\npartial', 'utf8');

  it('gives the same lines whole and byte by byte', () => {
    const whole = new ServerLineParser();
    const a = [...whole.push(stream), ...whole.end()].map(strip);
    const single = new ServerLineParser();
    const b: unknown[] = [];
    for (const byte of stream) b.push(...single.push(Buffer.from([byte])).map(strip));
    b.push(...single.end().map(strip));
    expect(b).toEqual(a);
    expect(a).toEqual([
      { kind: 'notice', text: 'Welcome to nettk chat, user1! Type /help for commands.', event: { type: 'welcome', name: 'user1' } },
      { kind: 'message', from: 'bob', text: 'hé' },
      { kind: 'action', from: 'bob', text: 'waves' },
      { kind: 'text', text: 'partial' },
    ]);
  });

  it('reports a line over its cap without buffering it', () => {
    const p = new ServerLineParser(32);
    expect(p.push(Buffer.alloc(1000, 0x61))).toEqual([]);
    const [l] = p.push(Buffer.from('\nok\n'));
    expect(l).toMatchObject({ kind: 'overlong', bytes: 1000 });
  });
});
