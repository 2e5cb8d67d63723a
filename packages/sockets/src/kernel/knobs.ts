import { readFileSync } from 'node:fs';

export interface Knob {
  /** sysctl name, e.g. "net.core.somaxconn". */
  name: string;
  /** Raw value as the kernel prints it (tabs become spaces); null when absent. */
  value: string | null;
  /** What the knob controls. */
  meaning: string;
  /** What the current value means for applications, in one line. */
  consequence: string;
}

type Explain = (value: string) => string;

interface KnobSpec {
  name: string;
  meaning: string;
  explain: Explain;
}

const num = (v: string): number => Number(v.trim().split(/\s+/)[0]);

/** Backoff sum of a SYN or SYN-ACK retried `n` times from a 1 s initial RTO (net/ipv4/tcp_timer.c). */
const backoffSeconds = (n: number): number => 2 ** (n + 1) - 1;

// Facts from REFERENCE.md "Kernel knobs (doctor)" and Documentation/networking/ip-sysctl.rst.
const SPECS: readonly KnobSpec[] = [
  { name: 'net.core.somaxconn', meaning: 'upper limit on any listen() backlog', explain: (v) => `a listen() backlog above ${num(v)} is silently cut to ${num(v)}` },
  { name: 'net.ipv4.tcp_max_syn_backlog', meaning: 'half-open (SYN_RECV) requests a listener may hold', explain: (v) => `beyond ${num(v)} half-open requests, SYNs are dropped or answered with cookies` },
  {
    name: 'net.ipv4.tcp_syncookies',
    meaning: 'SYN cookies when the SYN queue overflows',
    explain: (v) => (num(v) === 0 ? 'off: a SYN flood or burst fills the SYN queue and new clients time out' : num(v) === 2 ? 'always on: every handshake uses cookies (TCP options are lost)' : 'cookies only when the SYN queue overflows'),
  },
  {
    name: 'net.ipv4.tcp_abort_on_overflow',
    meaning: 'what a full accept queue does with the final ACK of a handshake',
    explain: (v) => (num(v) === 1 ? 'RST: clients of a slow server get ECONNRESET at once' : 'drop the ACK: clients think they are connected and their first request stalls until a retransmit gets in'),
  },
  { name: 'net.ipv4.tcp_synack_retries', meaning: 'SYN-ACK retransmissions for a half-open connection', explain: (v) => `a half-open connection is given up after about ${backoffSeconds(num(v))} s` },
  { name: 'net.ipv4.tcp_syn_retries', meaning: 'SYN retransmissions of connect()', explain: (v) => `connect() to a silent host fails with ETIMEDOUT after about ${backoffSeconds(num(v))} s unless the app sets its own deadline` },
  {
    name: 'net.ipv4.tcp_fastopen',
    meaning: 'TCP Fast Open (bit 1 client, bit 2 server)',
    explain: (v) => {
      const n = num(v);
      const sides = [n & 1 ? 'client' : '', n & 2 ? 'server' : ''].filter(Boolean);
      return sides.length === 0 ? 'off' : `enabled for ${sides.join(' and ')} (data in the SYN when both ends opt in)`;
    },
  },
  { name: 'net.ipv4.tcp_fin_timeout', meaning: 'how long an orphaned FIN_WAIT2 socket lingers', explain: (v) => `orphaned FIN_WAIT2 sockets are dropped after ${num(v)} s (TIME_WAIT is fixed at 60 s, not this)` },
  {
    name: 'net.ipv4.tcp_tw_reuse',
    meaning: 'reuse of TIME_WAIT ports for new outgoing connections',
    explain: (v) => (num(v) === 1 ? 'on: clients may reuse TIME_WAIT ports (needs timestamps)' : num(v) === 2 ? 'loopback only: clients elsewhere wait out TIME_WAIT before reusing a port' : 'off: a client must wait 60 s before reusing a port to the same peer'),
  },
  { name: 'net.ipv4.tcp_max_tw_buckets', meaning: 'system-wide TIME_WAIT limit', explain: (v) => `beyond ${num(v)} TIME_WAIT sockets, new ones are destroyed at once (TCPTimeWaitOverflow counts them)` },
  {
    name: 'net.ipv4.ip_local_port_range',
    meaning: 'ephemeral ports for outgoing connections and bind(0)',
    explain: (v) => {
      const [lo = 0, hi = 0] = v.trim().split(/\s+/).map(Number);
      return `${hi - lo + 1} ports (${lo}-${hi}) per destination address:port; a listener inside this range can lose its port and clients of it can connect to themselves`;
    },
  },
  {
    name: 'net.ipv4.ip_local_reserved_ports',
    meaning: 'ports kept out of ephemeral allocation',
    explain: (v) => (v.trim() === '' ? 'none: any port in ip_local_port_range may be taken by an outgoing connection' : `${v.trim()} are never handed out as ephemeral ports`),
  },
];

export function knobPath(name: string, procRoot = '/proc'): string {
  return `${procRoot}/sys/${name.replace(/\./g, '/')}`;
}

export function readKnobValue(name: string, procRoot = '/proc'): string | null {
  try {
    return readFileSync(knobPath(name, procRoot), 'utf8').replace(/\s+/g, ' ').trim();
  } catch {
    return null;
  }
}

/** Every knob doctor explains, with its current value. */
export function readKnobs(procRoot = '/proc'): Knob[] {
  return SPECS.map((spec) => {
    const value = readKnobValue(spec.name, procRoot);
    return { name: spec.name, value, meaning: spec.meaning, consequence: value === null ? 'not present on this kernel' : spec.explain(value) };
  });
}

/** "32768 60999" → [32768, 60999]; null when unreadable. */
export function parsePortRange(value: string | null): [number, number] | null {
  const m = value === null ? null : /^\s*(\d+)\s+(\d+)\s*$/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** "8080,9000-9010" → a membership test. */
export function parseReservedPorts(value: string | null): (port: number) => boolean {
  const ranges: Array<[number, number]> = [];
  for (const part of (value ?? '').split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (m) ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return (port) => ranges.some(([lo, hi]) => port >= lo && port <= hi);
}
