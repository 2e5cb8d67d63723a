import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { UsageError, connectOnce, formatHostPort, resolveAll, type Classification } from '@nettk/core';
import { assessPort, type PortAssessment } from './port-assessment.js';
import { readPortFacts, type PortFacts } from './port-facts.js';
import type { Endpoint } from './report.js';

/**
 * True for an address of this host: 127.0.0.0/8, ::1 (and their IPv4-mapped
 * forms) or an address of a local interface. Only there can a SYN come back
 * to the socket that sent it.
 */
export function isLocalAddress(address: string): boolean {
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const v4 = bare.startsWith('::ffff:') && isIP(bare.slice(7)) === 4 ? bare.slice(7) : bare;
  if (isIP(v4) === 4 && v4.startsWith('127.')) return true;
  if (v4 === '::1') return true;
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) if (nic.address.toLowerCase() === v4) return true;
  }
  return false;
}

/** 0.0.0.0 and :: mean "any address" to bind() but are not a place to connect to. */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '::0';
}

/**
 * What one guarded connect to address:port found before the experiment:
 * `closed` is what the experiment needs; `listening` makes it meaningless (the
 * loop would just reach that server); `filtered` means SYNs are dropped there,
 * so a self-connect could not complete either.
 */
export type ListenerProbe =
  | { state: 'closed' }
  | { state: 'listening'; local: Endpoint }
  | { state: 'filtered' }
  | { state: 'error'; failure: Classification; cause: unknown };

/**
 * One connect with the Go-style guard on, so a chance self-connect is not
 * mistaken for a listener. A timeout is tried once more before it counts as
 * `filtered`: on loopback a refusal is immediate, and a process starved of
 * CPU past the deadline runs its timer before the socket's event.
 */
export async function probeListener(address: string, family: 4 | 6, port: number, timeoutMs = 1000): Promise<ListenerProbe> {
  const first = await probeOnce(address, family, port, timeoutMs);
  return first.state === 'filtered' ? probeOnce(address, family, port, timeoutMs) : first;
}

function probeOnce(address: string, family: 4 | 6, port: number, timeoutMs: number): Promise<ListenerProbe> {
  return new Promise((resolve) => {
    connectOnce({ address, family, port, guard: true, timeoutMs }, (result) => {
      if (result.ok) {
        const local = { address: result.localAddress, port: result.localPort };
        result.socket.destroy();
        resolve({ state: 'listening', local });
        return;
      }
      const { failure } = result;
      if (failure.state === 'closed') resolve({ state: 'closed' });
      else if (failure.state === 'filtered' && failure.reason === 'no-response') resolve({ state: 'filtered' });
      else resolve({ state: 'error', failure, cause: result.cause });
    });
  });
}

export interface PreflightOptions {
  host: string;
  port: number;
  /** 4 or 6 to pick that family of a name; 0 for the first address. */
  family?: 0 | 4 | 6;
  /** Deadline for the name lookup and the listener probe (default 2000 ms). */
  timeoutMs?: number;
  /** Read the port facts from elsewhere (tests). */
  facts?: PortFacts;
}

export interface Preflight {
  /** The IP literal the experiment connects to. */
  address: string;
  family: 4 | 6;
  port: number;
  facts: PortFacts;
  assessment: PortAssessment;
  listener: ListenerProbe;
}

/**
 * Everything to know before looping: the address (it must belong to this
 * host), whether something already answers on the port, and whether the
 * kernel's ephemeral-port rules can ever hand the port to connect().
 * Throws UsageError for a non-local or wildcard host.
 */
export async function preflight(options: PreflightOptions): Promise<Preflight> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const addresses = await resolveAll(options.host, { family: options.family ?? 0, timeoutMs });
  const first = addresses[0]!;
  if (isWildcardAddress(first.address)) {
    throw new UsageError(`"${options.host}" is a wildcard address: give the address to connect to, e.g. 127.0.0.1 or ::1`);
  }
  const local = addresses.find((a) => isLocalAddress(a.address));
  if (!local) {
    throw new UsageError(
      `${formatHostPort(first.address, options.port)} is not an address of this host: a SYN sent there never comes back to its own socket ` +
        '(use 127.0.0.1, ::1 or a local interface address)',
    );
  }
  const facts = options.facts ?? (await readPortFacts());
  const listener = await probeListener(local.address, local.family, options.port, timeoutMs);
  return {
    address: local.address,
    family: local.family,
    port: options.port,
    facts,
    assessment: assessPort(options.port, facts),
    listener,
  };
}
