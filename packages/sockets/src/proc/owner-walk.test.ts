import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InodeIndex } from './inode-index.js';
import { parseListing } from './link-reader.js';
import { BESIDE_MIN_FDS, BESIDE_MIN_LINKS, walkOwners, walkOwnersBeside, type OwnerTable } from './owner-walk.js';

const root = mkdtempSync(join(tmpdir(), 'nettk-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A fake /proc with two processes big enough to be read beside the walk
 * (pid 500: 2999 fds, pid 600: 3000), a small one, one socket shared by
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

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('walkOwnersBeside', () => {
  it('is set up with processes big enough to be read beside the walk', () => {
    expect(2999 + 3000).toBeGreaterThanOrEqual(BESIDE_MIN_LINKS);
    expect(2999).toBeGreaterThanOrEqual(BESIDE_MIN_FDS);
  });

  it('gives the owners of the walk in this thread: fewest open files, then lowest fd', async () => {
    const here = walkOwners(proc, null, { processes: 0, links: 0 });
    const beside = await walkOwnersBeside(proc, null, { processes: 0, links: 0 });
    expect(asObject(beside)).toEqual(asObject(here));
    expect(asObject(here)[777]).toEqual([500, 7, 'p500']);
    expect(asObject(here)[888]).toEqual([600, 9, 'p600']);
    expect(asObject(here)[11]).toEqual([42, 3, 'p42']);
    expect(here.inodes.length).toBe(1 + 2998 + 2996); // 11; 500: 2997 of its own and 777; 600: 2995 and 888
  });

  it('with wanted inodes, finds them and only them (a Set, or an index the walk claims in)', async () => {
    const inodes = [777, 888, 60_002, 11, 404];
    const claimable = (): InodeIndex => {
      const index = new InodeIndex();
      for (const inode of inodes) index.set(inode, -1);
      index.unowned = true;
      return index;
    };
    const beside = asObject(await walkOwnersBeside(proc, claimable(), { processes: 0, links: 0 }));
    expect(beside).toEqual(asObject(walkOwners(proc, new Set(inodes), { processes: 0, links: 0 })));
    expect(asObject(walkOwners(proc, claimable(), { processes: 0, links: 0 }))).toEqual(beside);
    expect(Object.keys(beside).sort()).toEqual(['11', '60002', '777', '888']);
  });

  it('stops at the small processes when they hold every wanted socket', async () => {
    const stats = { processes: 0, links: 0 };
    expect(asObject(await walkOwnersBeside(proc, InodeIndex.of([11]), stats))).toEqual({ 11: [42, 3, 'p42'] });
    expect(stats).toEqual({ processes: 1, links: 1 });
  });

  it('reads the links itself when readlink(1) cannot run', async () => {
    process.env.PATH = join(root, 'no-such-bin');
    const beside = await walkOwnersBeside(proc, null, { processes: 0, links: 0 });
    process.env.PATH = path;
    expect(asObject(beside)).toEqual(asObject(walkOwners(proc, null, { processes: 0, links: 0 })));
  });
});

describe('walkOwnersBeside in a process of its own', () => {
  // The built module: a child process cannot load the TypeScript source.
  const built = new URL('../../dist/proc/owner-walk.js', import.meta.url);

  it.runIf(existsSync(built))('leaves nothing running: the process exits by itself, also when the walk ends before a reader is read', () => {
    const script = `
      const { walkOwnersBeside } = await import(${JSON.stringify(built.href)});
      const { InodeIndex } = await import(${JSON.stringify(new URL('../../dist/proc/inode-index.js', import.meta.url).href)});
      const wanted = new InodeIndex();
      // More wanted than the small process holds: readers start for 500 and 600; 600's is never read.
      for (const inode of [11, 50001, 50002]) wanted.set(inode, -1);
      wanted.unowned = true;
      const t = await walkOwnersBeside(${JSON.stringify(proc)}, wanted, { processes: 0, links: 0 });
      const all = await walkOwnersBeside(${JSON.stringify(proc)}, null, { processes: 0, links: 0 });
      console.log(t.inodes.length, all.inodes.length);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, TMPDIR: root } });
    expect(out.trim()).toBe('3 5995');
    // The readers' output files are unlinked as soon as they are opened.
    expect(readdirSync(root).filter((f) => f.startsWith('nettk-links-'))).toEqual([]);
  });
});

describe('parseListing', () => {
  const out = (names: string[], targets: string[]): Buffer => Buffer.from(`${names.length}\n${names.map((n) => `${n}\n`).join('')}${targets.map((t) => `${t}\0`).join('')}`, 'latin1');

  it('orders fds numerically and keeps only socket inodes', () => {
    const links = parseListing(out(['0', '10', '9'], ['/dev/pts/0', 'socket:[123]', 'pipe:[7]']));
    expect(links && [...links.fds]).toEqual([0, 9, 10]);
    expect(links && [...links.inodes]).toEqual([-1, -1, 123]);
  });

  it('keeps a target that holds a newline in one piece', () => {
    expect(parseListing(out(['3', '4'], ['/tmp/a\nb', 'socket:[9]']))?.inodes).toEqual(new Float64Array([-1, 9]));
  });

  it('refuses output that does not add up', () => {
    expect(parseListing(out(['3', '4'], ['socket:[1]']))).toBeNull();
    expect(parseListing(Buffer.from('2\n3\n'))).toBeNull();
    expect(parseListing(Buffer.from('x\n'))).toBeNull();
    expect(parseListing(Buffer.concat([out(['3'], ['socket:[1]']), Buffer.from('extra')]))).toBeNull();
  });
});
