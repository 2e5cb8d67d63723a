import type { SocketEntry, SocketState } from './model.js';

export interface SocketFilter {
  states?: ReadonlySet<SocketState>;
  /** Local or remote port. */
  port?: number;
  /** Local address (exact, as the model prints it). */
  address?: string;
  pid?: number;
  /** Case-insensitive substring of the command name. */
  process?: string;
}

/** Filters applied in our code, not ss's: an ss state filter would drop its State column. */
export function filterSockets(sockets: readonly SocketEntry[], filter: SocketFilter): SocketEntry[] {
  const process = filter.process?.toLowerCase();
  return sockets.filter(
    (s) =>
      (!filter.states || filter.states.has(s.state)) &&
      (filter.port === undefined || s.local.port === filter.port || s.remote.port === filter.port) &&
      (filter.address === undefined || s.local.address === filter.address || s.remote.address === filter.address) &&
      (filter.pid === undefined || s.pid === filter.pid) &&
      (process === undefined || (s.command !== null && s.command.toLowerCase().includes(process))),
  );
}

/**
 * The kernel drops new handshakes once the accept queue holds more than the
 * backlog (include/net/sock.h sk_acceptq_is_full: ack_backlog > max_ack_backlog).
 * null when the backend does not know the backlog.
 */
export function acceptQueueFull(s: SocketEntry): boolean | null {
  if (s.state !== 'LISTEN' || s.proto !== 'tcp') return false;
  if (s.sendQ === null) return null;
  return s.recvQ > s.sendQ;
}

/** A stable order for tables and JSON: proto, local port, family, remote port, then the addresses. */
export function compareSockets(a: SocketEntry, b: SocketEntry): number {
  return (
    cmp(a.proto, b.proto) ||
    a.local.port - b.local.port ||
    a.family - b.family ||
    a.remote.port - b.remote.port ||
    cmp(a.local.address, b.local.address) ||
    cmp(a.remote.address, b.remote.address)
  );
}

/**
 * Sorts in compareSockets order. A 34-bit numeric prefix (proto, local port,
 * family, remote port) and the index share one float64, so the bulk of the
 * work is a native typed-array sort with no comparator calls; only runs with
 * an equal prefix (same ports, different addresses) go through compareSockets.
 */
export function sortSockets(sockets: SocketEntry[]): SocketEntry[] {
  const n = sockets.length;
  if (n > 2 ** 19) return sockets.sort(compareSockets);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = prefix(sockets[i] as SocketEntry) * 2 ** 19 + i;
  keys.sort();
  const sorted: SocketEntry[] = new Array<SocketEntry>(n);
  for (let i = 0; i < n; i++) sorted[i] = sockets[(keys[i] as number) % 2 ** 19] as SocketEntry;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const p = Math.floor((keys[start] as number) / 2 ** 19);
    while (end < n && Math.floor((keys[end] as number) / 2 ** 19) === p) end++;
    if (end - start > 1) {
      const run = sorted.slice(start, end).sort(compareSockets);
      for (let i = 0; i < run.length; i++) sorted[start + i] = run[i] as SocketEntry;
    }
    start = end;
  }
  for (let i = 0; i < n; i++) sockets[i] = sorted[i] as SocketEntry;
  return sockets;
}

function prefix(s: SocketEntry): number {
  return (s.proto === 'tcp' ? 0 : 1) * 2 ** 33 + s.local.port * 2 ** 17 + (s.family === 4 ? 0 : 1) * 2 ** 16 + s.remote.port;
}

// Code-unit order: localeCompare goes through ICU and costs seconds on 100k sockets.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
