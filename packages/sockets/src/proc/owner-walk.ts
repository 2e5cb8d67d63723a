import { InodeIndex } from './inode-index.js';
import { listFds, readComm, socketInode, walkOrder } from './proc-dirs.js';

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

/**
 * The owners found so far: the first holder of a socket owns it; with
 * `wanted` (InodeIndex.wanted: every value -1) only those inodes are kept,
 * claimed in that index itself (one probe per link), and the walk is done
 * once each has an owner.
 */
class Owners {
  /** inode → row: the wanted index, or one of every socket seen. */
  private index: InodeIndex;
  private inodes: Float64Array;
  private pids: Int32Array;
  private fds: Int32Array;
  private used = 0;

  constructor(private readonly wanted: InodeIndex | null) {
    const n = wanted ? Math.max(16, wanted.size) : 1024;
    this.index = wanted ?? new InodeIndex(n);
    this.inodes = new Float64Array(n);
    this.pids = new Int32Array(n);
    this.fds = new Int32Array(n);
  }

  get done(): boolean {
    return this.wanted !== null && this.used === this.wanted.size;
  }

  /** True once every wanted socket has an owner. */
  record(inode: number, pid: number, fd: number): boolean {
    if (this.wanted) {
      if (!this.index.claim(inode, this.used)) return false;
    } else {
      if (this.index.has(inode)) return false;
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
export function walkOwners(procRoot: string, wanted: InodeIndex | null, stats: WalkStats): OwnerTable {
  const owners = new Owners(wanted);
  if (!owners.done) for (const { pid } of walkOrder(procRoot)) if (readProcess(procRoot, pid, owners, stats)) break;
  return owners.table(procRoot);
}
