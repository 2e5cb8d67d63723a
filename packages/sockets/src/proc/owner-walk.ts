import { InodeIndex } from './inode-index.js';
import { readProcessBeside, type ProcessReader } from './link-reader.js';
import { listFds, readComm, socketInode, walkOrder, type FdCount } from './proc-dirs.js';

/**
 * inode → owner as three columns (no object per socket: on a host with
 * 20,000 sockets the garbage collector would spend its time copying them),
 * plus each owning process's name and an index by inode.
 */
export interface OwnerTable {
  inodes: Float64Array;
  pids: Int32Array;
  fds: Int32Array;
  /** pid → process name (comm). */
  commands: Map<number, string>;
  /** inode → row (-1 or absent: no owner found). */
  index: InodeIndex;
}

export interface WalkStats {
  /** Processes whose fd links were read. */
  processes: number;
  links: number;
}

/** A Set<number> or an InodeIndex. */
export interface InodeSet {
  has(inode: number): boolean;
  readonly size: number;
}

/**
 * The owners found so far: the first holder of a socket owns it; with a
 * wanted set only those inodes are kept, and the walk is done once each has
 * an owner.
 */
class Owners {
  /** inode → row; when the wanted set is an InodeIndex, that index itself (its values start at -1). */
  private index: InodeIndex;
  private readonly claims: boolean;
  private inodes: Float64Array;
  private pids: Int32Array;
  private fds: Int32Array;
  private used = 0;

  constructor(private readonly wanted: InodeSet | null) {
    const n = wanted ? Math.max(16, wanted.size) : 1024;
    this.claims = wanted instanceof InodeIndex && wanted.unowned;
    this.index = this.claims ? (wanted as InodeIndex) : new InodeIndex(n);
    this.inodes = new Float64Array(n);
    this.pids = new Int32Array(n);
    this.fds = new Int32Array(n);
  }

  get done(): boolean {
    return this.wanted !== null && this.used === this.wanted.size;
  }

  /** True once every wanted socket has an owner. */
  record(inode: number, pid: number, fd: number): boolean {
    if (this.claims) {
      if (!this.index.claim(inode, this.used)) return false;
    } else {
      if (this.index.has(inode) || (this.wanted && !this.wanted.has(inode))) return false;
      this.index.set(inode, this.used);
    }
    if (this.used === this.pids.length) this.grow();
    this.inodes[this.used] = inode;
    this.pids[this.used] = pid;
    this.fds[this.used++] = fd;
    return this.done;
  }

  private grow(): void {
    const n = this.pids.length * 2;
    const inodes = new Float64Array(n);
    const pids = new Int32Array(n);
    const fds = new Int32Array(n);
    inodes.set(this.inodes);
    pids.set(this.pids);
    fds.set(this.fds);
    Object.assign(this, { inodes, pids, fds });
  }

  table(procRoot: string): OwnerTable {
    const n = this.used;
    const table: OwnerTable = { inodes: this.inodes.subarray(0, n), pids: this.pids.subarray(0, n), fds: this.fds.subarray(0, n), commands: new Map(), index: this.index };
    let last = -1;
    for (let i = 0; i < n; i++) {
      const pid = table.pids[i] as number;
      if (pid !== last && !table.commands.has(pid)) table.commands.set(pid, readComm(procRoot, pid) ?? '?');
      last = pid;
    }
    return table;
  }
}

/** Reads one process's links here; true once every wanted socket has an owner. */
function readProcess(procRoot: string, pid: number, owners: Owners, stats: WalkStats): boolean {
  const names = listFds(procRoot, pid);
  if (!names) return false;
  stats.processes++;
  const dir = `${procRoot}/${pid}/fd/`;
  for (const name of names) {
    stats.links++;
    const inode = socketInode(dir + name);
    if (inode >= 0 && owners.record(inode, pid, Number(name))) return true;
  }
  return false;
}

/**
 * The owner walk (see readSocketOwners): processes from the fewest open
 * files up, the first holder of a socket owns it, and with a wanted set the
 * walk stops once each wanted inode has an owner.
 */
export function walkOwners(procRoot: string, wanted: InodeSet | null, stats: WalkStats, order: readonly FdCount[] = walkOrder(procRoot)): OwnerTable {
  const owners = new Owners(wanted);
  if (!owners.done) for (const { pid } of order) if (readProcess(procRoot, pid, owners, stats)) break;
  return owners.table(procRoot);
}

/** From the first process with this many open files on, the walk reaches the big processes... */
export const BESIDE_MIN_FDS = 1000;
/** ...and when they hold this many links together, the biggest are read by readlink(1) (a spawn costs ~10 ms of fork here). */
export const BESIDE_MIN_LINKS = 5000;
/** At most this many readers at once, each reading one process. */
const MAX_READERS = 2;

/**
 * walkOwners, where the biggest processes, visited last (the order is by
 * open files), have their links read by readlink(1) processes (one each, at
 * most two, in parallel) while this thread reads the other big ones; their
 * links are taken in walk order all the same, so the answer is walkOwners'.
 * Readers start when the walk gets to the big processes, or at its start
 * when more sockets are wanted than the small processes have files; asking
 * about a quiet port on a busy host, answered by the small ones, spawns
 * nothing. With 20,000 links in two processes, listFromProc took (medians
 * of 10, 2 cores) 309 ms with no reader, 290 ms with one, 275 ms with two.
 */
export async function walkOwnersBeside(procRoot: string, wanted: InodeSet | null, stats: WalkStats, order: readonly FdCount[] = walkOrder(procRoot)): Promise<OwnerTable> {
  const owners = new Owners(wanted);
  let small = 0;
  for (const p of order) if (p.count < BESIDE_MIN_FDS) small += p.count;
  // More wanted sockets than the small processes have files: the walk will get to the big
  // ones, so their readers start now and run while this thread reads the small ones.
  const readers = wanted === null || wanted.size > small ? startReaders(procRoot, order) : new Map<number, ProcessReader>();
  try {
    if (!owners.done) {
      for (let k = 0; k < order.length; k++) {
        const { pid, count } = order[k] as FdCount;
        if (count >= BESIDE_MIN_FDS) {
          if (readers.size === 0) startReaders(procRoot, order, readers);
          await readBigOnes(procRoot, order.slice(k), owners, stats, readers);
          break;
        }
        if (readProcess(procRoot, pid, owners, stats)) break;
      }
    }
  } finally {
    for (const r of readers.values()) r.cancel();
  }
  return owners.table(procRoot);
}

/**
 * Readers for the biggest processes in `order` (the last ones visited), at
 * most MAX_READERS, when the big processes (>= BESIDE_MIN_FDS open files)
 * hold BESIDE_MIN_LINKS links together.
 */
function startReaders(procRoot: string, order: readonly FdCount[], readers = new Map<number, ProcessReader>()): Map<number, ProcessReader> {
  let total = 0;
  for (const p of order) if (p.count >= BESIDE_MIN_FDS) total += p.count;
  if (total < BESIDE_MIN_LINKS) return readers;
  for (let k = order.length - 1; k >= 0 && readers.size < MAX_READERS; k--) {
    const p = order[k] as FdCount;
    if (p.count < BESIDE_MIN_FDS) break;
    readers.set(p.pid, readProcessBeside(procRoot, p.pid));
  }
  return readers;
}

/** The big processes, in walk order: the readers' links, and the others read here meanwhile (or when a reader failed). */
async function readBigOnes(procRoot: string, big: readonly FdCount[], owners: Owners, stats: WalkStats, readers: ReadonlyMap<number, ProcessReader>): Promise<boolean> {
  for (const { pid } of big) {
    const reader = readers.get(pid);
    const links = reader ? await reader.links : null;
    if (!links) {
      if (readProcess(procRoot, pid, owners, stats)) return true;
      continue;
    }
    stats.processes++;
    for (let i = 0; i < links.fds.length; i++) {
      stats.links++;
      const inode = links.inodes[i] as number;
      if (inode >= 0 && owners.record(inode, pid, links.fds[i] as number)) return true;
    }
  }
  return false;
}
