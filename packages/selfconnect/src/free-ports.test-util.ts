import { readFileSync } from 'node:fs';
import { assessPort } from './port-assessment.js';
import { readPortFacts } from './port-facts.js';

/**
 * Test support, not shipped (excluded from the build): every port that any
 * TCP socket uses right now, as local or remote port, in any state.
 */
export function portsInUse(): Set<number> {
  const used = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 3) continue;
      used.add(Number.parseInt(cols[1]!.split(':')[1]!, 16));
      used.add(Number.parseInt(cols[2]!.split(':')[1]!, 16));
    }
  }
  return used;
}

/** True when no TCP socket uses `port` at all. */
export function isPortIdle(port: number): boolean {
  return !portsInUse().has(port);
}

/**
 * A random port that a loop of connect() calls can be handed on this kernel
 * (inside ip_local_port_range, the preferred parity, not reserved) and that
 * no socket uses now. Chosen at run time: never a fixed port.
 */
export async function freeReproduciblePort(exclude: ReadonlySet<number> = new Set()): Promise<number> {
  const facts = await readPortFacts();
  const [low, high] = facts.range;
  const used = portsInUse();
  for (let i = 0; i < 2000; i++) {
    const candidate = low + Math.floor(Math.random() * (high - low + 1));
    if (used.has(candidate) || exclude.has(candidate)) continue;
    if (assessPort(candidate, facts).verdict === 'reproducible') return candidate;
  }
  throw new Error(`no idle reproducible port in ${low}-${high}`);
}
