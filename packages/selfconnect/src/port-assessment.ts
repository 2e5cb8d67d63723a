import { kernelPrefersParity, type PortFacts } from './port-facts.js';

export type Parity = 'even' | 'odd';

/**
 * Whether a loop of plain connect() calls can ever be handed `port` as its
 * source port:
 * - `reproducible`: yes, sooner or later;
 * - `outside-range`: no, ephemeral ports come only from ip_local_port_range;
 * - `wrong-parity`: only if every port of the preferred parity were busy;
 * - `reserved`: no, ip_local_reserved_ports are skipped;
 * - `top-of-range`: no, the kernel rounds an odd-sized range down to an even
 *   size, so its highest port is never reached.
 */
export type PortVerdict = 'reproducible' | 'outside-range' | 'wrong-parity' | 'reserved' | 'top-of-range';

export interface PortAssessment {
  port: number;
  verdict: PortVerdict;
  /** The parity connect() tries first, or null on kernels without the rule. */
  preferredParity: Parity | null;
  /** One plain sentence saying why (or why not). */
  reason: string;
  /** The nearest port that would reproduce, when `port` will not. */
  suggestion: number | undefined;
}

export function parityOf(port: number): Parity {
  return port % 2 === 0 ? 'even' : 'odd';
}

export function isReserved(port: number, facts: PortFacts): boolean {
  return facts.reserved.some(([from, to]) => port >= from && port <= to);
}

/**
 * __inet_hash_connect() (net/ipv4/inet_hashtables.c): `remaining = high + 1 -
 * low`, rounded down to even when the parity rule applies, and ports are
 * `low + (offset mod remaining)`; so an odd-sized range never yields its top port.
 */
function highestReachable(facts: PortFacts): number {
  const [low, high] = facts.range;
  let remaining = high + 1 - low;
  if (kernelPrefersParity(facts.kernel) && remaining > 1) remaining &= ~1;
  return low + remaining - 1;
}

function verdictOf(port: number, facts: PortFacts): PortVerdict {
  const [low, high] = facts.range;
  if (port < low || port > high) return 'outside-range';
  if (isReserved(port, facts)) return 'reserved';
  if (kernelPrefersParity(facts.kernel) && parityOf(port) !== parityOf(low)) return 'wrong-parity';
  if (port > highestReachable(facts)) return 'top-of-range';
  return 'reproducible';
}

/** The reproducible port nearest to `port` (ties go down), if the range has one. */
export function suggestPort(port: number, facts: PortFacts): number | undefined {
  const [low, high] = facts.range;
  const limit = Math.max(port - low, high - port) + 1;
  for (let d = 0; d <= limit; d++) {
    for (const candidate of [port - d, port + d]) {
      if (candidate >= low && candidate <= high && verdictOf(candidate, facts) === 'reproducible') return candidate;
    }
  }
  return undefined;
}

/** Judge `port` against the kernel's ephemeral-port rules, in words a user can act on. */
export function assessPort(port: number, facts: PortFacts): PortAssessment {
  const [low, high] = facts.range;
  const parityRule = kernelPrefersParity(facts.kernel);
  const preferredParity = parityRule ? parityOf(low) : null;
  const verdict = verdictOf(port, facts);
  const suggestion = verdict === 'reproducible' ? undefined : suggestPort(port, facts);
  const rangeText = `net.ipv4.ip_local_port_range is ${low}-${high}`;
  let reason: string;
  switch (verdict) {
    case 'outside-range':
      reason = `${port} is outside the ephemeral port range (${rangeText}), so connect() never picks it as a source port`;
      break;
    case 'reserved':
      reason = `${port} is listed in net.ipv4.ip_local_reserved_ports, so connect() never picks it as a source port`;
      break;
    case 'wrong-parity':
      reason =
        `${port} is ${parityOf(port)}: on this kernel (${facts.kernel}, >= 4.6) connect() takes ${preferredParity} source ports ` +
        `(the parity of the range's low end, ${low}) and falls back to ${parityOf(port)} ones only when every ${preferredParity} port is busy`;
      break;
    case 'top-of-range':
      reason = `${port} is the top of an odd-sized range (${rangeText}); the kernel rounds the range down to an even size and never reaches it`;
      break;
    default:
      reason =
        `${port} is inside the ephemeral range (${rangeText})` +
        (preferredParity ? ` and ${preferredParity}, the parity connect() prefers on this kernel` : '') +
        ': a loop of connects will eventually be handed it as its source port';
  }
  return { port, verdict, preferredParity, reason, suggestion };
}
