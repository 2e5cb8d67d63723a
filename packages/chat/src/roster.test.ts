import { describe, expect, it } from 'vitest';
import { notice } from './notices.js';
import { Roster } from './roster.js';
import { parseServerLine } from './server-lines.js';

const feed = (r: Roster, ...lines: string[]): void => {
  for (const l of lines) r.apply(parseServerLine(Buffer.from(l)));
};
const n = (text: string): string => `*** ${text}`;

describe('Roster', () => {
  it('follows the welcome, joins, leaves and renames of a nettk server', () => {
    const r = new Roster();
    feed(r, n(notice.welcome('user3')), n(notice.online(['alice', 'user3'])));
    expect(r.nettk).toBe(true);
    expect(r.self).toBe('user3');
    feed(r, n(notice.joined('bob')), n(notice.renamed('alice', 'ally')), n(notice.youAre('carol')), n(notice.left('bob', 'quit')));
    expect(r.names).toEqual(['ally', 'carol']);
    expect(r.total).toBe(2);
    expect(r.self).toBe('carol');
  });

  it('keeps the right total when the welcome listed only part of a big room', () => {
    const r = new Roster();
    feed(r, n(notice.welcome('user9')), n(notice.online(['a', 'b', 'c', 'd', 'e'], 2)));
    expect(r.names).toEqual(['a', 'b']);
    expect(r.total).toBe(5);
    feed(r, n(notice.left('d', 'closed')), n(notice.joined('f')));
    expect(r.total).toBe(5);
    feed(r, n(notice.online(['a', 'b', 'c', 'e', 'f'])));
    expect(r.names).toEqual(['a', 'b', 'c', 'e', 'f']);
  });

  it('follows ncat --chat announcements', () => {
    const r = new Roster();
    feed(r, '<announce> 127.0.0.1 is connected as <user5>.', '<announce> already connected: 127.0.0.1 as <user4>.', '<announce> <user4> is disconnected.');
    expect(r.nettk).toBe(false);
    expect(r.names).toEqual(['user5']);
    expect(r.total).toBe(1);
  });

  it('ignores messages: a user cannot fake a join by typing one', () => {
    const r = new Roster();
    feed(r, '<mallory> *** admin has joined', '* mallory has joined');
    expect(r.names).toEqual([]);
  });
});
