import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownerChooser, readComm, readSocketOwners } from './owners.js';

const root = mkdtempSync(join(tmpdir(), 'nettk-owners-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fake /proc: pid → fd → link target, plus comm. */
function fakeProc(dir: string, procs: Record<number, { comm: string; fds: Record<number, string> }>): string {
  mkdirSync(dir);
  mkdirSync(join(dir, 'self'));
  for (const [pid, p] of Object.entries(procs)) {
    mkdirSync(join(dir, pid, 'fd'), { recursive: true });
    writeFileSync(join(dir, pid, 'comm'), `${p.comm}\n`);
    for (const [fd, target] of Object.entries(p.fds)) symlinkSync(target, join(dir, pid, 'fd', fd));
  }
  return dir;
}

describe('readSocketOwners', () => {
  const proc = fakeProc(join(root, 'a'), {
    200: { comm: 'worker', fds: { 3: 'socket:[11]', 4: 'socket:[12]' } },
    37: { comm: 'a (b) "c"', fds: { 0: '/dev/null', 5: 'socket:[11]', 6: 'pipe:[99]' } },
    1000: { comm: 'late', fds: { 9: 'socket:[13]' } },
  });

  it('maps every socket inode to the holder with the fewest open files, skipping files, pipes and non-pid entries', () => {
    const owners = readSocketOwners(undefined, proc);
    expect(Object.fromEntries(owners)).toEqual({
      11: { pid: 200, command: 'worker', fd: 3 },
      12: { pid: 200, command: 'worker', fd: 4 },
      13: { pid: 1000, command: 'late', fd: 9 },
    });
  });

  it('with wanted inodes, records only those and stops once each has an owner', () => {
    const stats = { processes: 0, links: 0 };
    const owners = readSocketOwners(new Set([12]), proc, stats);
    expect(Object.fromEntries(owners)).toEqual({ 12: { pid: 200, command: 'worker', fd: 4 } });
    // Fewest files first: pid 1000 (1 link), then pid 200 up to fd 4; pid 37 is never read.
    expect(stats).toEqual({ processes: 2, links: 3 });
    expect(readSocketOwners(new Set(), proc).size).toBe(0);
    expect(readSocketOwners(new Set([404]), proc).size).toBe(0);
  });

  it('chooses among several holders as the walk does: fewest open files, then lowest pid and fd', () => {
    const choose = ownerChooser(proc);
    expect(choose([{ command: 'a', pid: 37, fd: 5 }, { command: 'w', pid: 200, fd: 3 }])).toEqual({ command: 'w', pid: 200, fd: 3 });
    expect(choose([{ command: 'w', pid: 200, fd: 4 }, { command: 'w', pid: 200, fd: 3 }])).toEqual({ command: 'w', pid: 200, fd: 3 });
    // Gone processes count as holding the most files.
    expect(choose([{ command: 'x', pid: 99999, fd: 1 }, { command: 'a', pid: 37, fd: 5 }])?.pid).toBe(37);
    expect(choose([])).toBeUndefined();
  });

  it('finds the fd of a real listener in this process', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const owners = readSocketOwners();
      const mine = [...owners.values()].filter((o) => o.pid === process.pid);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine[0]?.command).toBe(readComm('/proc', process.pid));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
