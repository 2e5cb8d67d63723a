import { formatHostPort } from '@nettk/core';
import { parityOf, type PortAssessment } from './port-assessment.js';
import { kernelPrefersParity, type PortFacts } from './port-facts.js';

export interface ExplainContext {
  /** The IP literal connected to. */
  address: string;
  port: number;
  facts: PortFacts;
  assessment: PortAssessment;
  /** `loop`: kernel-chosen source ports; `bound`: --local-port. */
  mode: 'loop' | 'bound';
  guard: boolean;
  reproduced: boolean;
  attempts: number;
  guardFired: number;
}

export interface ExplainSection {
  title: string;
  paragraphs: string[];
}

function whatHappened(c: ExplainContext): string[] {
  const target = formatHostPort(c.address, c.port);
  if (c.mode === 'bound') {
    return [
      `The socket was bound to ${target} before connect(), so the kernel chose nothing: the SYN from ${target} to ${target} ` +
        `met its own socket at once and the connection became ESTABLISHED with itself.`,
      `Closing it leaves the 4-tuple ${target}<->${target} in TIME_WAIT for 60 s (TCP_TIMEWAIT_LEN, fixed; tcp_fin_timeout does not change it). ` +
        `A program that binds without SO_REUSEADDR (the default in C, Python, and Go's Dialer.LocalAddr) gets EADDRINUSE from bind() until it expires, ` +
        `and so does everyone after such a program left the TIME_WAIT. nettk (libuv) binds with SO_REUSEADDR, and with net.ipv4.tcp_timestamps=1 ` +
        `connect() may take over its own TIME_WAIT (PAWS makes reuse safe), so a second run of nettk usually succeeds.`,
    ];
  }
  if (c.guard) {
    return [
      c.guardFired > 0
        ? `In ${c.attempts} connects to ${target} the kernel handed out ${c.port} as the source port ${c.guardFired} time(s); each time the connect ` +
          `"succeeded" to itself, the guard saw local == remote, closed it and redialled, as Go's net.Dialer does (golang.org/issue/2690). ` +
          `No self-connection reached the caller.`
        : `In ${c.attempts} connects to ${target} the kernel never handed out ${c.port} as the source port, so the guard had nothing to catch; ` +
          `raise --max-attempts to see it fire.`,
    ];
  }
  if (c.reproduced) {
    return [
      `Connect attempt ${c.attempts} to ${target}, where nothing listens, was given source port ${c.port} by the kernel. Its SYN went from ` +
        `${target} to ${target} and arrived at the socket that sent it: the connection is ESTABLISHED with itself. Writes succeed, ` +
        `and reads return the socket's own bytes.`,
    ];
  }
  return [
    `None of ${c.attempts} connects to ${target} was given source port ${c.port}. ` +
      (c.assessment.verdict === 'reproducible'
        ? 'That is chance: it typically takes thousands to tens of thousands of attempts; raise --max-attempts or --timeout.'
        : `${c.assessment.reason}.`),
  ];
}

function why(c: ExplainContext): string[] {
  const [low, high] = c.facts.range;
  const out = [
    `connect() without bind() takes its source port from net.ipv4.ip_local_port_range (${low}-${high} here), skipping ` +
      `net.ipv4.ip_local_reserved_ports${c.facts.reserved.length > 0 ? ` (${c.facts.reserved.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(',')} here)` : ' (none here)'}.`,
  ];
  if (kernelPrefersParity(c.facts.kernel)) {
    const parity = parityOf(low);
    out.push(
      `Since Linux 4.6 connect() tries ports of the low end's parity first (${parity} here) and bind(0) the other parity, ` +
        `so a connecting client is handed only ${parity} ports of the range while any of them is free.`,
    );
  }
  out.push(
    `For each connect the kernel starts from a per-destination offset and moves it by a small random step, so a loop of ` +
      `connects walks the whole range and sooner or later is given the destination port itself.`,
    `Simultaneous open (RFC 9293 §3.5): a socket in SYN-SENT that receives a SYN answers with a SYN-ACK and completes the handshake. ` +
      `When source and destination are the same address:port, sender and receiver are one socket, and it connects to itself; ` +
      `no listener is involved.`,
  );
  return out;
}

const WHAT_GOES_WRONG = [
  `A client that reconnects in a loop to a local service that is down (restart, deploy, crash) can "connect" to itself. Its ` +
    `requests come back as replies (a Redis client reads its own command, an HTTP client parses its own request) and health checks pass ` +
    `against a dead server.`,
  `While it stays connected it holds the port: the real server restarting there fails with EADDRINUSE, because a port the kernel ` +
    `chose in connect() cannot be bound by anyone, SO_REUSEADDR or not.`,
  `Port scans of loopback report phantom open ports (nc -z, evilscan); nmap detects and retries them.`,
];

function remedies(c: ExplainContext): string[] {
  const [low] = c.facts.range;
  return [
    `Keep server ports outside ip_local_port_range (below ${low} here), or reserve them: ` +
      `sysctl -w net.ipv4.ip_local_reserved_ports=${c.port} (persist it in /etc/sysctl.d/); connect() and bind(0) then never hand them out.`,
    `Detect and close self-connections as Go does: after connect(), when the kernel chose the local port and local address:port equals ` +
      `remote address:port, close and redial (at most twice). nettk's dial does this by default; \`nettk selfconnect ${c.port} --guard\` shows it.`,
    `Back off between reconnects: fewer attempts, fewer chances.`,
  ];
}

/** What happened, why, what goes wrong in real services, and the remedies, for `--explain`. */
export function explainSelfConnect(context: ExplainContext): ExplainSection[] {
  return [
    { title: 'What happened', paragraphs: whatHappened(context) },
    { title: 'Why', paragraphs: why(context) },
    { title: 'What goes wrong in real services', paragraphs: WHAT_GOES_WRONG },
    { title: 'Remedies', paragraphs: remedies(context) },
  ];
}
