import { formatHostPort } from '@nettk/core';
import type { Counter } from '../kernel/counters.js';
import type { Knob } from '../kernel/knobs.js';
import { parsePortRange, parseReservedPorts } from '../kernel/knobs.js';
import type { Listener } from '../listeners.js';
import type { SocketEntry } from '../model.js';
import type { HotSpot } from '../summary.js';

export type FindingLevel = 'warning' | 'info';

export interface Finding {
  level: FindingLevel;
  code:
    | 'accept-queue-full'
    | 'accept-queue-waiting'
    | 'backlog-capped'
    | 'listen-overflows'
    | 'syncookies'
    | 'time-wait-overflow'
    | 'listen-in-ephemeral-range'
    | 'time-wait-pressure'
    | 'close-wait';
  message: string;
  /** The listener or process concerned, when there is one. */
  subject?: { address: string; port: number; pid: number | null; command: string | null };
}

export interface FindingInput {
  knobs: readonly Knob[];
  counters: readonly Counter[];
  listeners: readonly Listener[];
  hotSpots: readonly HotSpot[];
  sampleMs: number;
}

/** Above this many CLOSE_WAIT sockets, an application is leaking them rather than closing late. */
export const CLOSE_WAIT_WARNING = 100;
/** Share of the ephemeral range one peer's TIME_WAIT sockets may hold before new connects to it risk EADDRNOTAVAIL. */
export const TIME_WAIT_SHARE = 0.5;

export function who(s: { pid: number | null; command: string | null }): string {
  return s.pid === null ? 'owner not visible' : `${s.command ?? '?'} pid ${s.pid}`;
}

function subject(l: SocketEntry): Finding['subject'] {
  return { address: l.local.address, port: l.local.port, pid: l.pid, command: l.command };
}

/** Findings from knobs, counters and sockets; a warning makes `nettk doctor` exit 1. */
export function findings(input: FindingInput): Finding[] {
  const out: Finding[] = [];
  const knob = (name: string): string | null => input.knobs.find((k) => k.name === name)?.value ?? null;
  const counter = (name: string): Counter | undefined => input.counters.find((c) => c.name === name);
  const tcpListeners = input.listeners.filter((l) => l.proto === 'tcp');
  const somaxconn = Number(knob('net.core.somaxconn'));
  const window = `${(input.sampleMs / 1000).toFixed(1)} s`;

  const overflows = counter('TcpExt.ListenOverflows');
  const overflowing = (overflows?.delta ?? 0) > 0;
  for (const l of tcpListeners) {
    const at = formatHostPort(l.local.address, l.local.port);
    if (l.queueFull === true) {
      out.push({ level: 'warning', code: 'accept-queue-full', subject: subject(l), message: `${at} (${who(l)}): accept queue full, ${l.recvQ} waiting for a backlog of ${l.sendQ}: the application is not calling accept() and new handshakes are dropped` });
    } else if (l.queueFull === null && l.recvQ > 0) {
      out.push({ level: overflowing ? 'warning' : 'info', code: 'accept-queue-waiting', subject: subject(l), message: `${at} (${who(l)}): ${l.recvQ} connections waiting in the accept queue (backlog unknown with this backend)` });
    }
    if (l.sendQ !== null && somaxconn > 0 && l.sendQ === somaxconn) {
      out.push({ level: 'info', code: 'backlog-capped', subject: subject(l), message: `${at} (${who(l)}): backlog ${l.sendQ} equals net.core.somaxconn: a larger listen() backlog was capped` });
    }
  }
  if (overflows && overflowing) {
    const named = tcpListeners.filter((l) => l.queueFull !== false && l.recvQ > 0).map((l) => `${formatHostPort(l.local.address, l.local.port)} (${who(l)})`);
    out.push({ level: 'warning', code: 'listen-overflows', message: `ListenOverflows rose by ${overflows.delta} in ${window}: an accept queue is overflowing now${named.length ? `: ${named.join(', ')}` : ''}` });
  }
  const cookies = counter('TcpExt.SyncookiesSent');
  if ((cookies?.delta ?? 0) > 0) out.push({ level: 'info', code: 'syncookies', message: `SyncookiesSent rose by ${cookies?.delta} in ${window}: a SYN queue overflowed (a burst, or a SYN flood)` });
  const twOverflow = counter('TcpExt.TCPTimeWaitOverflow');
  if ((twOverflow?.delta ?? 0) > 0) out.push({ level: 'warning', code: 'time-wait-overflow', message: `TCPTimeWaitOverflow rose by ${twOverflow?.delta} in ${window}: net.ipv4.tcp_max_tw_buckets is reached and TIME_WAIT is being cut short` });

  const range = parsePortRange(knob('net.ipv4.ip_local_port_range'));
  const reserved = parseReservedPorts(knob('net.ipv4.ip_local_reserved_ports'));
  if (range) {
    const seen = new Set<number>();
    for (const l of tcpListeners) {
      const port = l.local.port;
      if (port < range[0] || port > range[1] || reserved(port) || seen.has(port)) continue;
      seen.add(port);
      out.push({ level: 'warning', code: 'listen-in-ephemeral-range', subject: subject(l), message: `${formatHostPort(l.local.address, port)} (${who(l)}) listens inside ip_local_port_range ${range[0]}-${range[1]}: while it is down an outgoing connection can take the port and its clients can connect to themselves (reserve it in net.ipv4.ip_local_reserved_ports)` });
    }
    const size = range[1] - range[0] + 1;
    for (const h of input.hotSpots) {
      if (h.state === 'TIME_WAIT' && h.side === 'peer' && h.count >= size * TIME_WAIT_SHARE) {
        out.push({ level: 'warning', code: 'time-wait-pressure', message: `${h.count} TIME_WAIT sockets to ${h.endpoint}: ${Math.round((h.count / size) * 100)}% of the ${size} ephemeral ports for that peer; new connects may fail with EADDRNOTAVAIL (reuse connections)` });
      }
    }
  }
  for (const h of input.hotSpots) {
    if (h.state !== 'CLOSE_WAIT') continue;
    const holders = h.processes.slice(0, 3).map((p) => `${who(p)} ×${p.count}`).join(', ');
    out.push({
      level: h.count >= CLOSE_WAIT_WARNING ? 'warning' : 'info',
      code: 'close-wait',
      message: `${h.count} CLOSE_WAIT sockets ${h.side === 'local' ? `on port ${h.endpoint}` : `to ${h.endpoint}`} held by ${holders}: the peer closed and the application has not closed its end`,
    });
  }
  return out;
}
