import { readFileSync } from 'node:fs';

/** { TcpExt: { ListenOverflows: 3, ... }, Tcp: { ActiveOpens: 10, ... } } */
export type CounterTables = Record<string, Record<string, number>>;

export interface Counter {
  /** "TcpExt.ListenOverflows" */
  name: string;
  value: number | null;
  /** Change over the sampling window; null when not sampled or absent. */
  delta: number | null;
  meaning: string;
}

/**
 * Parses /proc/net/netstat or /proc/net/snmp: each section is a pair of lines,
 * "TcpExt: Name1 Name2 ..." then "TcpExt: 1 2 ...".
 */
export function parseCounterTables(text: string): CounterTables {
  const out: CounterTables = {};
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i] ?? '';
    const values = lines[i + 1] ?? '';
    const colon = head.indexOf(':');
    if (colon <= 0 || !values.startsWith(head.slice(0, colon + 1))) continue;
    const names = head.slice(colon + 1).trim().split(/\s+/);
    const nums = values.slice(colon + 1).trim().split(/\s+/);
    if (names.length !== nums.length || !/^-?\d/.test(nums[0] ?? '')) continue;
    const table: Record<string, number> = (out[head.slice(0, colon)] ??= {});
    names.forEach((name, k) => (table[name] = Number(nums[k])));
    i++;
  }
  return out;
}

/** netstat and snmp merged: the counters of this network namespace. */
export function readCounterTables(procRoot = '/proc'): CounterTables {
  const read = (name: string): string => {
    try {
      return readFileSync(`${procRoot}/net/${name}`, 'utf8');
    } catch {
      return '';
    }
  };
  return { ...parseCounterTables(read('snmp')), ...parseCounterTables(read('netstat')) };
}

// include/uapi/linux/snmp.h; TCPTimeWaitOverflow and the cookie counters are absent on some kernels.
const WATCHED: ReadonlyArray<[string, string]> = [
  ['TcpExt.ListenOverflows', 'SYNs or ACKs dropped because an accept queue was full'],
  ['TcpExt.ListenDrops', 'SYNs dropped by a listener for any reason (includes overflows)'],
  ['TcpExt.TCPReqQFullDrop', 'SYNs dropped because the SYN queue was full and cookies were off'],
  ['TcpExt.TCPTimeWaitOverflow', 'TIME_WAIT sockets not created: tcp_max_tw_buckets reached'],
  ['TcpExt.SyncookiesSent', 'SYN cookies sent (SYN queue overflowed)'],
  ['TcpExt.SyncookiesRecv', 'valid SYN cookies received back'],
  ['TcpExt.SyncookiesFailed', 'invalid SYN cookies received'],
  ['Tcp.ActiveOpens', 'connections opened by connect()'],
  ['Tcp.PassiveOpens', 'connections accepted by listeners'],
  ['Tcp.AttemptFails', 'connects that failed (refused, reset in SYN_RECV)'],
  ['Tcp.EstabResets', 'established connections reset'],
  ['Tcp.CurrEstab', 'connections now ESTABLISHED or CLOSE_WAIT'],
  ['Tcp.RetransSegs', 'segments retransmitted'],
  ['Tcp.OutRsts', 'RSTs sent'],
  ['Udp.RcvbufErrors', 'UDP datagrams dropped: receive buffer full'],
  ['Udp.NoPorts', 'UDP datagrams to a port nobody listens on'],
];

export function lookup(tables: CounterTables, name: string): number | null {
  const dot = name.indexOf('.');
  return tables[name.slice(0, dot)]?.[name.slice(dot + 1)] ?? null;
}

/** The counters doctor shows, with deltas when a second sample is given. */
export function pickCounters(before: CounterTables, after?: CounterTables): Counter[] {
  return WATCHED.map(([name, meaning]) => {
    const first = lookup(before, name);
    const last = after ? lookup(after, name) : first;
    return { name, value: last, delta: after && first !== null && last !== null ? last - first : null, meaning };
  });
}
