import { closeSync, openSync, readSync } from 'node:fs';
import type { Family, Proto } from '../model.js';
import { parseLines, type ProcRow, type RowFilter } from './parse-net.js';

const CHUNK = 256 << 10;
const MAX_BYTES = 1 << 30;
let scratch: Buffer | undefined;

/**
 * Reads a /proc/net/{tcp,udp}[6] table and parses its rows into `rows`, a
 * chunk at a time. procfs reports size 0 and hands out one page per read()
 * (seq_file), so the reading is the kernel's cost; parsing each 256 KiB as
 * it arrives spares joining 3 MB (fresh pages to fault in, and a copy) and
 * parses bytes still in the cache. Throws when the file cannot be opened.
 */
export function readProcRows(path: string, proto: Proto, family: Family, keep: RowFilter | undefined, rows: ProcRow[]): void {
  const fd = openSync(path, 'r');
  try {
    let buf = (scratch ??= Buffer.allocUnsafe(CHUNK));
    /** Bytes in buf; rows start at `from` (after the header line once it is seen). */
    let filled = 0;
    let from = -1;
    let total = 0;
    for (;;) {
      if (filled === buf.length) {
        // One line longer than the buffer (never from the kernel's fixed-width rows): grow.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      filled += n;
      total += n;
      if (total > MAX_BYTES) throw new Error(`${path}: larger than ${MAX_BYTES} bytes`);
      if (from === -1) {
        const nl = buf.indexOf(10);
        if (nl !== -1 && nl < filled) from = nl + 1;
        else if (n === 0) return;
        else continue;
      }
      // Parse when the buffer is nearly full or the file has ended.
      if (n > 0 && filled < buf.length - 8192) continue;
      const done = parseLines(buf, from, filled, proto, family, keep, rows, n === 0);
      if (n === 0) return;
      buf.copy(buf, 0, done, filled);
      filled -= done;
      from = 0;
    }
  } finally {
    closeSync(fd);
  }
}
