import { readdirSync, readFileSync, readlinkSync, statfsSync, statSync } from 'node:fs';
import { debuglog } from 'node:util';

const debug = debuglog('nettk');

export interface Owner {
  pid: number;
  command: string;
  fd: number;
}

export interface WalkStats {
  /** Processes whose fd links were read. */
  processes: number;
  links: number;
}

interface FdCount {
  pid: number;
  count: number;
}

/**
 * inode → owner from the links of /proc/PID/fd/* ("socket:[INODE]"), the same
 * walk ss -p does. Synchronous on purpose: tens of thousands of readlink calls
 * through the libuv pool cost far more than the syscalls themselves.
 *
 * Processes are visited from the fewest open files up (ties: lowest pid),
 * counted without listing them (countFds); the first holder found
 * owns the socket. With `wanted`, only those inodes are recorded and the walk
 * stops once each has an owner, so asking about one port on a host where one
 * process holds 20,000 connections never reads that process's links unless
 * it holds the port. A socket shared by several processes (after fork()) is
 * thus reported under the holder with the fewest open files, then the lowest
 * pid; the ss and lsof backends apply the same rule (preferredOwner).
 */
export function readSocketOwners(wanted?: ReadonlySet<number>, procRoot = '/proc', stats: WalkStats = { processes: 0, links: 0 }): Map<number, Owner> {
  const owners = new Map<number, Owner>();
  if (wanted && wanted.size === 0) return owners;
  const lists: FdCount[] = [];
  for (const pid of listPids(procRoot)) {
    const count = countFds(procRoot, pid);
    if (count > 0) lists.push({ pid, count });
  }
  lists.sort((a, b) => a.count - b.count || a.pid - b.pid);
  for (const { pid } of lists) {
    const dir = `${procRoot}/${pid}/fd`;
    const names = listFds(procRoot, pid);
    if (!names) continue;
    stats.processes++;
    let command: string | null = null;
    for (const name of names) {
      let link: string;
      stats.links++;
      try {
        link = readlinkSync(`${dir}/${name}`);
      } catch {
        continue; // closed since the listing
      }
      // "socket:[12345]": check the first character before comparing the prefix.
      if (link.charCodeAt(0) !== 115 || !link.startsWith('socket:[')) continue;
      const inode = Number(link.slice(8, -1));
      if (owners.has(inode) || (wanted && !wanted.has(inode))) continue;
      command ??= readComm(procRoot, pid) ?? '?';
      owners.set(inode, { pid, command, fd: Number(name) });
      if (wanted && owners.size === wanted.size) return owners;
    }
  }
  debug('owners: %d sockets, %d links read in %d processes', owners.size, stats.links, stats.processes);
  return owners;
}

/**
 * How many files a process has open. Since Linux 6.2 stat() of /proc/PID/fd
 * reports it as the size, one syscall instead of listing 10,000 names; older
 * kernels say 0 and the directory is listed. 0 when gone or not ours.
 */
function countFds(procRoot: string, pid: number): number {
  if (isProcfs(procRoot)) {
    try {
      const size = statSync(`${procRoot}/${pid}/fd`).size;
      if (size > 0) return size;
    } catch {
      return 0; // gone, or another user's process while not root
    }
  }
  return listFds(procRoot, pid)?.length ?? 0;
}

const PROC_SUPER_MAGIC = 0x9fa0;
const procfs = new Map<string, boolean>();

/** Only procfs gives a count as the size (a copy of /proc in a test directory does not). */
function isProcfs(root: string): boolean {
  let yes = procfs.get(root);
  if (yes === undefined) {
    try {
      yes = statfsSync(root).type === PROC_SUPER_MAGIC;
    } catch {
      yes = false;
    }
    procfs.set(root, yes);
  }
  return yes;
}

/** The fd names of a process; null when it is gone or not ours to read. */
function listFds(procRoot: string, pid: number): string[] | null {
  try {
    return readdirSync(`${procRoot}/${pid}/fd`);
  } catch {
    return null;
  }
}

/**
 * Of several holders of one socket (ss and lsof list them all), the one the
 * proc walk reports: fewest open files, then lowest pid, then lowest fd. The
 * returned chooser remembers fd counts for the listing it serves.
 */
export function ownerChooser(procRoot = '/proc'): <T extends Owner>(holders: readonly T[]) => T | undefined {
  const counts = new Map<number, number>();
  const count = (pid: number): number => {
    let n = counts.get(pid);
    if (n === undefined) counts.set(pid, (n = countFds(procRoot, pid) || Number.MAX_SAFE_INTEGER));
    return n;
  };
  return <T extends Owner>(holders: readonly T[]): T | undefined => {
    let best = holders[0];
    for (let i = 1; i < holders.length; i++) {
      const o = holders[i] as T;
      if (best && (count(o.pid) - count(best.pid) || o.pid - best.pid || o.fd - best.fd) < 0) best = o;
    }
    return best;
  };
}

function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids.sort((a, b) => a - b);
}

/** The process name (comm, at most 15 bytes) as the kernel keeps it; null when the process is gone. */
export function readComm(procRoot: string, pid: number): string | null {
  try {
    return readFileSync(`${procRoot}/${pid}/comm`, 'utf8').replace(/\n$/, '');
  } catch {
    return null;
  }
}
