import type { Family, Proto, SocketEntry, SocketState } from '../model.js';
import { TCP_STATE_BY_CODE } from '../model.js';
import { ipv4FromWord, procHexToAddress } from './addresses.js';

/**
 * A /proc/net row: a complete SocketEntry whose owner fields are still null
 * (the backend fills them in place; one object shape keeps 100k rows cheap).
 */
export type ProcRow = SocketEntry;

/** Return false to drop a row before its addresses are decoded (cheap port filters). */
export type RowFilter = (localPort: number, remotePort: number, stateCode: number) => boolean;

function stateFor(proto: Proto, code: number): SocketState {
  // UDP reuses TCP state numbers: 7 (TCP_CLOSE) is an unconnected socket, which ss shows as UNCONN.
  if (proto === 'udp' && code === 7) return 'UNCONN';
  return TCP_STATE_BY_CODE[code] ?? 'UNKNOWN';
}

/**
 * Parses one /proc/net/{tcp,tcp6,udp,udp6} table. The kernel prints fixed
 * widths after the "sl:" column (net/ipv4/tcp_ipv4.c get_tcp4_sock,
 * get_timewait4_sock, get_openreq4; net/ipv4/udp.c udp4_format_sock):
 *   "%08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu ..."
 * (IPv6: 32 hex digits per address), so fields are read at offsets instead
 * of splitting 30,000 lines on whitespace; uid, timeout and inode are
 * variable width and scanned.
 */
export function parseProcNet(input: string | Uint8Array, proto: Proto, family: Family, keep?: RowFilter): ProcRow[] {
  // Bytes, not a string: the table is ASCII, and decoding 3 MB costs more than parsing it.
  const text = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const rows: ProcRow[] = [];
  const start = text.indexOf(10) + 1;
  if (start > 0) parseLines(text, start, text.length, proto, family, keep, rows);
  return rows;
}

/**
 * Parses the rows in text[start, end) (no header; a last line without its
 * newline counts) into `rows`. Returns where the last complete line ends,
 * so a caller reading in chunks can keep the rest for the next one.
 */
export function parseLines(text: Buffer, start: number, end: number, proto: Proto, family: Family, keep: RowFilter | undefined, rows: ProcRow[], partial = true): number {
  const hexLen = family === 4 ? 8 : 32;
  const endpointLen = hexLen + 5;
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = text.indexOf(10, lineStart);
    if (lineEnd === -1 || lineEnd >= end) {
      if (!partial) return lineStart;
      lineEnd = end;
    }
    const row = parseRow(text, lineStart, lineEnd, proto, family, hexLen, endpointLen, keep);
    if (row) rows.push(row);
    lineStart = lineEnd + 1;
  }
  return Math.min(lineStart, end);
}

function parseRow(
  text: Buffer,
  start: number,
  end: number,
  proto: Proto,
  family: Family,
  hexLen: number,
  endpointLen: number,
  keep: RowFilter | undefined,
): ProcRow | null {
  const colon = text.indexOf(58, start);
  if (colon === -1 || colon > end) return null;
  const local = colon + 2;
  const remote = local + endpointLen + 1;
  const st = remote + endpointLen + 1;
  const tx = st + 3;
  const rx = tx + 9;
  // rx(8) " " tr:when(11) " " retrnsmt(8) " " → uid
  let at = rx + 8 + 1 + 11 + 1 + 8;
  if (at >= end || text[local + hexLen] !== 58) return null;
  const localPort = hex(text, local + hexLen + 1, 4);
  const remotePort = hex(text, remote + hexLen + 1, 4);
  const stateCode = hex(text, st, 2);
  if (keep && !keep(localPort, remotePort, stateCode)) return null;
  const uid = scanNumber(text, (at = skipSpaces(text, at)), end);
  at = skipSpaces(text, skipToken(text, at, end)); // uid
  at = skipSpaces(text, skipToken(text, at, end)); // timeout
  const inode = scanNumber(text, at, end);
  const state = stateFor(proto, stateCode);
  return {
    proto,
    family,
    state,
    local: { address: address(text, local, hexLen), port: localPort },
    remote: { address: address(text, remote, hexLen), port: remotePort },
    recvQ: hex(text, rx, 8),
    // A listener's backlog limit is only exported over netlink sock_diag, not in /proc/net/tcp.
    sendQ: state === 'LISTEN' ? null : hex(text, tx, 8),
    inode,
    uid,
    user: null,
    pid: null,
    command: null,
    fd: null,
  };
}

function address(text: Buffer, at: number, hexLen: number): string {
  return hexLen === 8 ? ipv4FromWord(hex(text, at, 8)) : procHexToAddress(text.toString('latin1', at, at + hexLen));
}

function hex(text: Buffer, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = text[i] as number;
    n = n * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return n;
}

function skipSpaces(text: Buffer, at: number): number {
  while (text[at] === 32) at++;
  return at;
}

function skipToken(text: Buffer, at: number, end: number): number {
  while (at < end && text[at] !== 32) at++;
  return at;
}

function scanNumber(text: Buffer, at: number, end: number): number {
  let n = 0;
  for (let i = at; i < end; i++) {
    const c = text[i] as number;
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}
