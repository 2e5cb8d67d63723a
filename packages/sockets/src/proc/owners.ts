import { debuglog } from 'node:util';
import { InodeIndex } from './inode-index.js';
import { walkOwners, type WalkStats } from './owner-walk.js';
import { countFds } from './proc-dirs.js';

export { readComm } from './proc-dirs.js';
export type { WalkStats } from './owner-walk.js';

const debug = debuglog('nettk');

export interface Owner {
  pid: number;
  command: string;
  fd: number;
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
  const table = walkOwners(procRoot, wanted ? InodeIndex.wanted(wanted, wanted.size) : null, stats);
  const owners = new Map<number, Owner>();
  for (let i = 0; i < table.inodes.length; i++) {
    const pid = table.pids[i] as number;
    owners.set(table.inodes[i] as number, { pid, command: table.commands.get(pid) ?? '?', fd: table.fds[i] as number });
  }
  debug('owners: %d sockets, %d links read in %d processes', owners.size, stats.links, stats.processes);
  return owners;
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
