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

function cellText(c: Cell | undefined): string {
  return c === undefined ? '' : typeof c === 'string' ? c : c[0];
}

/** "127.0.0.1:80", "[::1]:80"; a peer with port 0 (listener, unconnected UDP) is "*". */
export function endpoint(e: { address: string; port: number }, peer = false): string {
  if (peer && e.port === 0) return '*';
  return formatHostPort(e.address, e.port);
}

export function protoLabel(s: { proto: Proto; family: Family }): string {
  return `${s.proto}${s.family === 6 ? '6' : ''}`;
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
