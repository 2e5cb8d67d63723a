import { formatHostPort, visible } from '@nettk/core';
import type { Family, Proto, SocketEntry } from '@nettk/sockets';
import type { Io } from '../io.js';

/** A cell, optionally with a colour applied after padding (escape codes have no width). */
export type Cell = string | readonly [text: string, paint: (s: string) => string];

/** Column layout shared by ports, who and sockets: widths from the widest cell. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, io: Io): string[] {
  const widths = header.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const length = cellText(row[i]).length;
      if (length > (widths[i] ?? 0)) widths[i] = length;
    }
  }
  const line = (cells: readonly Cell[]): string => {
    let out = '';
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      const text = cellText(c);
      const padded = i === cells.length - 1 ? text : text.padEnd((widths[i] ?? 0) + 2);
      out += c === undefined || typeof c === 'string' ? padded : c[1](padded);
    }
    return out.trimEnd();
  };
  const lines = [io.out.dim(line(header))];
  for (const row of rows) lines.push(line(row));
  return lines;
}

/**
 * renderTable and printLines for many rows, without keeping them: `cells`
 * fills `out` with one row's plain cells and is called twice per item
 * (widths, then text). The rows are copied into one buffer as they are
 * made, so 20,000 rows leave no cells or lines alive for the garbage
 * collector to copy, and no 1.5 MB string to encode. Same bytes as
 * printLines(io, renderTable(header, rows, io)).
 */
export function printRows<T>(io: Io, header: readonly string[], items: readonly T[], cells: (item: T, out: string[]) => void): void {
  const n = header.length;
  const widths = header.map((h) => h.length);
  const out: string[] = new Array<string>(n).fill('');
  for (const item of items) {
    cells(item, out);
    for (let i = 0; i < n; i++) {
      const length = (out[i] as string).length;
      if (length > (widths[i] as number)) widths[i] = length;
    }
  }
  let lineChars = 1;
  for (const w of widths) lineChars += w + 2;
  // UTF-8 takes at most 3 bytes per UTF-16 unit; pages never written are never touched.
  const buf = Buffer.allocUnsafe(3 * lineChars * (items.length + 1) + 3 * io.out.dim('').length);
  let at = buf.write(io.out.dim(padLine(header, widths)) + '\n', 0, 'utf8');
  for (const item of items) {
    cells(item, out);
    const last = out[n - 1] as string;
    const end = last.length === 0 ? 32 : last.charCodeAt(last.length - 1);
    if (end <= 32 || end > 126) {
      // The line may end in whitespace that trimEnd() removes (renderTable's rule): the slow way.
      at += buf.write(padLine(out, widths) + '\n', at, 'utf8');
      continue;
    }
    for (let i = 0; i < n; i++) {
      const text = out[i] as string;
      const start = at;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c > 127) {
          at = start + buf.write(text, start, 'utf8');
          break;
        }
        buf[at++] = c;
      }
      if (i < n - 1) for (let pad = (widths[i] as number) + 2 - text.length; pad > 0; pad--) buf[at++] = 32;
    }
    buf[at++] = 10;
  }
  if (items.length > 0 || header.length > 0) io.stdout.write(buf.subarray(0, at));
}

function padLine(cells: readonly string[], widths: readonly number[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += i === cells.length - 1 ? cells[i] : (cells[i] as string).padEnd((widths[i] as number) + 2);
  return out.trimEnd();
}

function cellText(c: Cell | undefined): string {
  return c === undefined ? '' : typeof c === 'string' ? c : c[0];
}

/** "127.0.0.1:80", "[::1]:80"; a peer with port 0 (listener, unconnected UDP) is "*". */
export function endpoint(e: { address: string; port: number }, peer = false): string {
  if (peer && e.port === 0) return '*';
  return formatHostPort(e.address, e.port);
}

export function protoLabel(s: { proto: Proto; family: Family }): string {
  // Constants, not a template: a table of 20,000 rows asks 20,000 times.
  if (s.family !== 6) return s.proto;
  return s.proto === 'tcp' ? 'tcp6' : 'udp6';
}

const escaped = new Map<string, string>();

/** Process names come from other users' programs: escaped before they reach a terminal (memoised: a few names, many rows). */
export function safe(text: string | null): string {
  if (text === null) return '-';
  let out = escaped.get(text);
  if (out === undefined) {
    out = visible(text, { keepNewlines: false });
    if (escaped.size < 10_000) escaped.set(text, out);
  }
  return out;
}

/** Many lines in one write: 20k separate writes to a pipe cost more than building the table. */
export function printLines(io: Io, lines: readonly string[]): void {
  if (lines.length > 0) io.stdout.write(lines.join('\n') + '\n');
}

export function ownerCells(s: SocketEntry): [string, string, string] {
  // TIME_WAIT and SYN_RECV sockets (inode 0) belong to no process: their uid says nothing.
  const user = s.pid === null && s.inode === 0 ? '-' : (s.user ?? String(s.uid));
  return [s.pid === null ? '-' : String(s.pid), safe(s.command), user];
}

/** Said once, never hidden: ss -p and lsof are equally blind to other users' processes. */
export function noteHiddenOwners(io: Io, hidden: number): void {
  if (hidden > 0) io.note(`nettk: ${hidden} socket${hidden === 1 ? '' : 's'} owned by other users: run as root to see their processes`);
}

export function familyOf(args: { '4'?: boolean | undefined; '6'?: boolean | undefined }): Family | undefined {
  return args['4'] ? 4 : args['6'] ? 6 : undefined;
}

export function protosOf(args: { tcp?: boolean | undefined; udp?: boolean | undefined }): Proto[] | undefined {
  if (args.tcp && !args.udp) return ['tcp'];
  if (args.udp && !args.tcp) return ['udp'];
  return undefined;
}
