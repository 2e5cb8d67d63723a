import type { ChildProcess } from 'node:child_process';

// $1 is the fd directory: the names are listed once (sorted, C locale), printed with
// their count, and handed to one readlink(1) as relative paths (-z: each target ends
// with NUL, as a file name may hold a newline).
const SCRIPT = 'cd "$1" || exit 1; set -- *; printf "%s\\n" "$#" "$@"; exec readlink -z -- "$@"';

/** A whole process's links, read by sh and readlink(1) beside us: fds ascending, inode per fd. */
export interface ProcessLinks {
  fds: Int32Array;
  inodes: Float64Array;
}

export interface ProcessReader {
  /** null when the reader failed: the caller reads the links itself. */
  links: Promise<ProcessLinks | null>;
  /** Stops the reader if it still runs (the walk no longer needs it). */
  cancel(): void;
}

/**
 * Reads a process's fd links in sh + readlink(1), beside this thread: ~5 µs
 * a link there against ~9 µs through fs.readlinkSync here, on the other core,
 * and nothing to boot (a worker thread takes ~100 ms to start here, and two
 * threads reading links contend). Any trouble gives null: no sh or readlink,
 * a busybox readlink that takes one file, an fd closed since the listing
 * (readlink exits 1), an ARG_MAX overflow, output that does not add up.
 */
export function readProcessBeside(procRoot: string, pid: number): ProcessReader {
  const children: ChildProcess[] = [];
  const links = spawnInto(children, '/bin/sh', ['-c', SCRIPT, 'sh', `${procRoot}/${pid}/fd`], parseListing);
  return { links, cancel: () => cancelAll(children) };
}

let files = 0;

function cancelAll(children: ChildProcess[]): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.unref();
  }
}

function spawnInto<T>(children: ChildProcess[], command: string, args: readonly string[], parse: (out: Buffer) => T | null): Promise<T | null> {
  const { closeSync, fstatSync, openSync, readSync, unlinkSync } = process.getBuiltinModule('node:fs');
  let fd = -1;
  const release = (): void => {
    if (fd !== -1) closeSync(fd);
    fd = -1;
  };
  return new Promise((resolve) => {
    try {
      // Into an unlinked file, not a pipe: the caller reads nothing until its
      // own share is done, and a reader blocked on a full pipe would wait for it.
      const file = `${process.getBuiltinModule('node:os').tmpdir()}/nettk-links-${process.pid}-${files++}`;
      fd = openSync(file, 'wx+', 0o600);
      unlinkSync(file);
      const { spawn } = process.getBuiltinModule('node:child_process');
      const child = spawn(command, args, { stdio: ['ignore', fd, 'ignore'], env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      children.push(child);
      child.on('error', () => {
        release();
        resolve(null);
      });
      child.on('close', (code) => {
            try {
          if (code !== 0 || fd === -1) return resolve(null);
          const out = Buffer.allocUnsafe(fstatSync(fd).size);
          let got = 0;
          while (got < out.length) {
            const n = readSync(fd, out, got, out.length - got, got);
            if (n === 0) break;
            got += n;
          }
          resolve(parse(out.subarray(0, got)));
        } catch {
          resolve(null);
        } finally {
          release();
        }
      });
    } catch {
      release();
      resolve(null);
    }
  });
}

const PREFIX = Buffer.from('socket:[');

/** "N\n" + N fd names, one a line, then their N link targets, each ended by NUL. */
export function parseListing(out: Buffer): ProcessLinks | null {
  let at = 0;
  const n = digits(out, at);
  if (n < 0) return null;
  at = out.indexOf(10) + 1;
  // The shell sorts names as text ("10" before "9"); the walk reads fds in ascending
  // order: sort (fd, position) pairs packed in one float64 each (a native sort, no comparator).
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const fd = digits(out, at);
    const end = out.indexOf(10, at);
    if (fd < 0 || end === -1) return null;
    keys[i] = fd * 2 ** 21 + i;
    at = end + 1;
  }
  if (n >= 2 ** 21) return null;
  const targets = parseTargets(out.subarray(at), n);
  if (!targets) return null;
  keys.sort();
  const links: ProcessLinks = { fds: new Int32Array(n), inodes: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    const position = key % 2 ** 21;
    links.fds[i] = (key - position) / 2 ** 21;
    links.inodes[i] = targets[position] as number;
  }
  return links;
}

/** The decimal number at `at`, up to a newline; -1 when there is none or it is not one. */
function digits(out: Buffer, at: number): number {
  let n = 0;
  let i = at;
  for (; i < out.length && out[i] !== 10; i++) {
    const c = out[i] as number;
    if (c < 48 || c > 57 || i - at > 9) return -1;
    n = n * 10 + (c - 48);
  }
  return i === at || i === out.length ? -1 : n;
}

/** `count` NUL-ended link targets → socket inode each (-1: not a socket); null when the count differs. */
export function parseTargets(out: Buffer, count: number): Float64Array | null {
  const inodes = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const end = out.indexOf(0, at);
    if (end === -1) return null;
    inodes[i] = socketTarget(out, at, end);
    at = end + 1;
  }
  return at === out.length ? inodes : null;
}

/** The inode in "socket:[12345]"; -1 for any other target. */
function socketTarget(out: Buffer, start: number, end: number): number {
  if (end - start < PREFIX.length + 2 || out[end - 1] !== 93 || out.compare(PREFIX, 0, PREFIX.length, start, start + PREFIX.length) !== 0) return -1;
  let n = 0;
  for (let i = start + PREFIX.length; i < end - 1; i++) {
    const c = out[i] as number;
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}
