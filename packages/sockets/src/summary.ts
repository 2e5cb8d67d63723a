import { formatHostPort } from '@nettk/core';
import { isListener } from './listeners.js';
import type { SocketEntry, SocketState } from './model.js';
import { readSockstat, type Sockstat } from './kernel/sockstat.js';

export interface ProcessCount {
  pid: number | null;
  command: string | null;
  count: number;
}

/**
 * Where CLOSE_WAIT / TIME_WAIT sockets pile up. Server-side sockets are grouped
 * by the listening port they belong to; client-side ones by the peer they
 * talk to (each has its own ephemeral local port, so grouping by it says nothing).
 */
export interface HotSpot {
  state: 'CLOSE_WAIT' | 'TIME_WAIT';
  side: 'local' | 'peer';
  /** ":8080" for a local listening port, "10.0.0.5:6379" for a peer. */
  endpoint: string;
  count: number;
  /** Holders, most first (TIME_WAIT sockets belong to no process: one null entry). */
  processes: ProcessCount[];
}

export interface SocketSummary {
  total: number;
  tcp: { total: number; ipv4: number; ipv6: number; byState: Partial<Record<SocketState, number>> };
  udp: { total: number; ipv4: number; ipv6: number; byState: Partial<Record<SocketState, number>> };
  /** The kernel's own counters (/proc/net/sockstat), as `ss -s` prints them. */
  kernel: Sockstat;
  hotSpots: HotSpot[];
}

const HOT_STATES = ['CLOSE_WAIT', 'TIME_WAIT'] as const;

/** `ss -s` plus the CLOSE_WAIT / TIME_WAIT hot spots (top `limit` per state). */
export function summarize(sockets: readonly SocketEntry[], limit = 5, kernel: Sockstat = readSockstat()): SocketSummary {
  const tcp = { total: 0, ipv4: 0, ipv6: 0, byState: {} as Partial<Record<SocketState, number>> };
  const udp = { total: 0, ipv4: 0, ipv6: 0, byState: {} as Partial<Record<SocketState, number>> };
  for (const s of sockets) {
    const t = s.proto === 'tcp' ? tcp : udp;
    t.total++;
    if (s.family === 4) t.ipv4++;
    else t.ipv6++;
    t.byState[s.state] = (t.byState[s.state] ?? 0) + 1;
  }
  return { total: sockets.length, tcp, udp, kernel, hotSpots: hotSpots(sockets, limit) };
}

export function hotSpots(sockets: readonly SocketEntry[], limit = 5): HotSpot[] {
  const listening = new Set<number>();
  for (const s of sockets) if (s.proto === 'tcp' && isListener(s)) listening.add(s.local.port);
  const out: HotSpot[] = [];
  for (const state of HOT_STATES) {
    const groups = new Map<string, { side: HotSpot['side']; count: number; processes: Map<string, ProcessCount> }>();
    for (const s of sockets) {
      if (s.state !== state || s.proto !== 'tcp') continue;
      const local = listening.has(s.local.port);
      const key = local ? `:${s.local.port}` : formatHostPort(s.remote.address, s.remote.port);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { side: local ? 'local' : 'peer', count: 0, processes: new Map() }));
      g.count++;
      const pkey = `${s.pid}`;
      const p = g.processes.get(pkey) ?? { pid: s.pid, command: s.command, count: 0 };
      p.count++;
      g.processes.set(pkey, p);
    }
    const ranked = [...groups].sort((a, b) => b[1].count - a[1].count).slice(0, limit);
    for (const [endpoint, g] of ranked) {
      out.push({ state, side: g.side, endpoint, count: g.count, processes: [...g.processes.values()].sort((a, b) => b.count - a.count) });
    }
  }
  return out;
}
