import { readdirSync, readFileSync, readlinkSync, statfsSync, statSync } from 'node:fs';

/** A process and how many files it has open. */
export interface FdCount {
  pid: number;
  count: number;
}

/**
 * The order the owner walk visits processes in: fewest open files first
 * (ties: lowest pid), counted without listing them (countFds). Processes we
 * cannot read (gone, another user's while not root) are left out.
 */
export function walkOrder(procRoot: string): FdCount[] {
  const lists: FdCount[] = [];
  for (const pid of listPids(procRoot)) {
    const count = countFds(procRoot, pid);
    if (count > 0) lists.push({ pid, count });
  }
  return lists.sort((a, b) => a.count - b.count || a.pid - b.pid);
}

/**
 * How many files a process has open. Since Linux 6.2 stat() of /proc/PID/fd
 * reports it as the size, one syscall instead of listing 10,000 names; older
 * kernels say 0 and the directory is listed. 0 when gone or not ours.
 */
export function countFds(procRoot: string, pid: number): number {
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

/**
 * The fd names of a process, lowest fd first (of two fds holding one
 * socket, the lowest owns it); null when it is gone or not ours to read.
 * procfs lists them in that order already; a copy of /proc in a test
 * directory may not.
 */
export function listFds(procRoot: string, pid: number): string[] | null {
  let names: string[];
  try {
    names = readdirSync(`${procRoot}/${pid}/fd`);
  } catch {
    return null;
  }
  for (let i = 1; i < names.length; i++) {
    if (Number(names[i]) < Number(names[i - 1])) return names.sort((a, b) => Number(a) - Number(b));
  }
  return names;
}

function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids.sort((a, b) => a - b);
}

/** The inode of an fd link "socket:[12345]"; -1 for any other file and for an fd closed since the listing. */
export function socketInode(path: string): number {
  let link: string;
  try {
    link = readlinkSync(path);
  } catch {
    return -1;
  }
  // Check the first character before comparing the prefix: most links are sockets or files.
  if (link.charCodeAt(0) !== 115 || !link.startsWith('socket:[')) return -1;
  return Number(link.slice(8, -1));
}

/** The process name (comm, at most 15 bytes) as the kernel keeps it; null when the process is gone. */
export function readComm(procRoot: string, pid: number): string | null {
  try {
    return readFileSync(`${procRoot}/${pid}/comm`, 'utf8').replace(/\n$/, '');
  } catch {
    return null;
  }
}
