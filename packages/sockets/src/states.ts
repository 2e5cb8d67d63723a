import { UsageError } from '@nettk/core';
import type { SocketState } from './model.js';

const ALL: readonly SocketState[] = [
  'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE',
  'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV', 'UNCONN', 'UNKNOWN',
];

// ss(8) "STATE-FILTER": single states and the named groups ss accepts.
const GROUPS: Readonly<Record<string, readonly SocketState[]>> = {
  all: ALL,
  connected: ALL.filter((s) => s !== 'LISTEN' && s !== 'CLOSE' && s !== 'UNCONN'),
  synchronized: ALL.filter((s) => s !== 'LISTEN' && s !== 'CLOSE' && s !== 'UNCONN' && s !== 'SYN_SENT'),
  bucket: ['SYN_RECV', 'NEW_SYN_RECV', 'TIME_WAIT'],
  big: ALL.filter((s) => s !== 'SYN_RECV' && s !== 'NEW_SYN_RECV' && s !== 'TIME_WAIT'),
};

const ALIASES: Readonly<Record<string, SocketState>> = {
  estab: 'ESTABLISHED',
  established: 'ESTABLISHED',
  synsent: 'SYN_SENT',
  synrecv: 'SYN_RECV',
  newsynrecv: 'NEW_SYN_RECV',
  finwait1: 'FIN_WAIT1',
  finwait2: 'FIN_WAIT2',
  timewait: 'TIME_WAIT',
  tw: 'TIME_WAIT',
  closed: 'CLOSE',
  close: 'CLOSE',
  closewait: 'CLOSE_WAIT',
  cw: 'CLOSE_WAIT',
  lastack: 'LAST_ACK',
  listen: 'LISTEN',
  listening: 'LISTEN',
  closing: 'CLOSING',
  unconn: 'UNCONN',
  unconnected: 'UNCONN',
};

/**
 * "time-wait", "TIME_WAIT", "timewait", "estab", "connected" (an ss group)…
 * → kernel state names. Comma lists are accepted; unknown names are a usage error.
 */
export function parseStates(inputs: readonly string[]): Set<SocketState> {
  const states = new Set<SocketState>();
  for (const input of inputs) {
    for (const token of input.split(',')) {
      const key = token.trim().toLowerCase().replace(/[-_ ]/g, '');
      if (key === '') continue;
      const group = GROUPS[key];
      const single = ALIASES[key];
      if (group) for (const s of group) states.add(s);
      else if (single) states.add(single);
      else throw new UsageError(`unknown state "${token.trim()}" (try: established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, close-wait, last-ack, closing, listen, unconn, connected, all)`);
    }
  }
  return states;
}

/** The ss spelling of a state, for human tables ("TIME-WAIT", "ESTAB"). */
export function stateLabel(state: SocketState): string {
  return LABELS[state];
}

const LABELS = Object.fromEntries(
  ALL.map((s) => [s, s === 'ESTABLISHED' ? 'ESTAB' : s === 'FIN_WAIT1' ? 'FIN-WAIT-1' : s === 'FIN_WAIT2' ? 'FIN-WAIT-2' : s.replace(/_/g, '-')]),
) as Record<SocketState, string>;

/** Default of `nettk sockets`: what ss shows without -a (no listeners, no unconnected UDP). */
export const CONNECTED_STATES: ReadonlySet<SocketState> = new Set(GROUPS.connected);
