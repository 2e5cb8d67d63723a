import { endianness } from 'node:os';
import { isIPv4 } from 'node:net';
import type { SocketEntry } from '../model.js';
import { TCP_STATE_BY_CODE } from '../model.js';

/** Bytes → the hex /proc prints: 32-bit words in host byte order. */
export function toProcHex(bytes: readonly number[]): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const word = bytes.slice(i, i + 4);
    if (endianness() === 'LE') word.reverse();
    hex += word.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  }
  return hex;
}

export function addressBytes(address: string): number[] {
  if (isIPv4(address)) return address.split('.').map(Number);
  const url = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail = ''] = url.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = url.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const words = url.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return words.flatMap((w) => [parseInt(w, 16) >> 8, parseInt(w, 16) & 0xff]);
}

const CODE_BY_STATE = new Map(Object.entries(TCP_STATE_BY_CODE).map(([code, state]) => [state, Number(code)]));
const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

/** One row as net/ipv4/tcp_ipv4.c get_tcp4_sock prints it (tcp6 and udp use the same layout). */
export function procLine(sl: number, s: SocketEntry): string {
  const code = s.state === 'UNCONN' ? 7 : (CODE_BY_STATE.get(s.state) ?? 0);
  const local = `${toProcHex(addressBytes(s.local.address))}:${hex(s.local.port, 4)}`;
  const remote = `${toProcHex(addressBytes(s.remote.address))}:${hex(s.remote.port, 4)}`;
  const tx = s.sendQ ?? 0;
  return `${String(sl).padStart(4)}: ${local} ${remote} ${hex(code, 2)} ${hex(tx, 8)}:${hex(s.recvQ, 8)} 00:00000000 00000000 ${String(s.uid).padStart(5)} ${String(0).padStart(8)} ${s.inode} 1 0000000000000000 100 0 0 10 0`;
}

export const PROC_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
