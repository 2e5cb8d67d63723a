import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InodeIndex } from './inode-index.js';
import { walkOwners, type OwnerTable } from './owner-walk.js';

const root = mkdtempSync(join(tmpdir(), 'nettk-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A fake /proc with two big processes (pid 500: 2999 fds, pid 600: 3000),
 * a small one, one socket shared by
 * 500 and 600, and one held twice by 600 at fds 9 and 10 (sorted as text,
 * "10" comes first).
 */
const proc = join(root, 'proc');
mkdirSync(proc);
const fds = (pid: number, links: Record<number, string>): void => {
  mkdirSync(join(proc, String(pid), 'fd'), { recursive: true });
  writeFileSync(join(proc, String(pid), 'comm'), `p${pid}\n`);
  for (const [fd, target] of Object.entries(links)) symlinkSync(target, join(proc, String(pid), 'fd', fd));
};
const big = (pid: number, n: number, base: number): Record<number, string> => {
  const links: Record<number, string> = { 0: '/dev/null' };
  for (let fd = 1; fd < n; fd++) links[fd] = `socket:[${base + fd}]`;
  return links;
};
fds(500, { ...big(500, 2999, 50_000), 7: 'socket:[777]' });
fds(600, { ...big(600, 3000, 60_000), 9: 'socket:[888]', 10: 'socket:[888]', 2000: 'socket:[777]', 11: 'pipe:[5]' });
fds(42, { 3: 'socket:[11]', 4: 'anon_inode:[eventpoll]' });

const asObject = (t: OwnerTable): Record<number, [number, number, string]> => {
  const out: Record<number, [number, number, string]> = {};
  for (let i = 0; i < t.inodes.length; i++) out[t.inodes[i] as number] = [t.pids[i] as number, t.fds[i] as number, t.commands.get(t.pids[i] as number) ?? '?'];
  return out;
};

describe('walkOwners', () => {
  it('gives each socket to its holder with the fewest open files, then the lowest fd', () => {
    const here = walkOwners(proc, null, { processes: 0, links: 0 });
    expect(asObject(here)[777]).toEqual([500, 7, 'p500']);
    expect(asObject(here)[888]).toEqual([600, 9, 'p600']);
    expect(asObject(here)[11]).toEqual([42, 3, 'p42']);
    expect(here.inodes.length).toBe(1 + 2998 + 2996); // 11; 500: 2997 of its own and 777; 600: 2995 and 888
  });

  it('with wanted inodes, finds them and only them, with the owners of the full walk', () => {
    const inodes = [777, 888, 60_002, 11, 404];
    const claimed = asObject(walkOwners(proc, InodeIndex.wanted(inodes), { processes: 0, links: 0 }));
    const all = asObject(walkOwners(proc, null, { processes: 0, links: 0 }));
    expect(claimed).toEqual(Object.fromEntries(inodes.filter((i) => i in all).map((i) => [i, all[i]])));
    expect(Object.keys(claimed).sort()).toEqual(['11', '60002', '777', '888']);
  });

  it('stops at the small processes when they hold every wanted socket', () => {
    const stats = { processes: 0, links: 0 };
    expect(asObject(walkOwners(proc, InodeIndex.wanted([11]), stats))).toEqual({ 11: [42, 3, 'p42'] });
    expect(stats).toEqual({ processes: 1, links: 1 });
  });
});
