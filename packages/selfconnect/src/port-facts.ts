import { readFile } from 'node:fs/promises';
import { release } from 'node:os';

/** An inclusive port range `[low, high]`. */
export type PortSpan = readonly [number, number];

/** What the kernel uses to choose an ephemeral source port for connect(). */
export interface PortFacts {
  /** net.ipv4.ip_local_port_range (also used for IPv6). */
  range: PortSpan;
  /** net.ipv4.ip_local_reserved_ports: never handed out as ephemeral ports. */
  reserved: readonly PortSpan[];
  /** `uname -r`, for the parity rule (kernels >= 4.6). */
  kernel: string;
}

export const PORT_RANGE_PATH = '/proc/sys/net/ipv4/ip_local_port_range';
export const RESERVED_PORTS_PATH = '/proc/sys/net/ipv4/ip_local_reserved_ports';

/** `32768\t60999` → [32768, 60999]. */
export function parsePortRange(text: string): PortSpan {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`unexpected ip_local_port_range ${JSON.stringify(text.trim())}`);
  const low = Number(m[1]);
  const high = Number(m[2]);
  if (low < 1 || high > 65535 || low > high) throw new Error(`unexpected ip_local_port_range ${low} ${high}`);
  return [low, high];
}

/** `8080,9000-9010` (the kernel's bitmap syntax) → [[8080, 8080], [9000, 9010]]; empty → []. */
export function parseReservedPorts(text: string): PortSpan[] {
  const out: PortSpan[] = [];
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`unexpected ip_local_reserved_ports entry ${JSON.stringify(part)}`);
    const from = Number(m[1]);
    out.push([from, m[2] === undefined ? from : Number(m[2])]);
  }
  return out;
}

/**
 * Read the port facts of this network namespace. The reserved list is
 * optional (old kernels lack it); the range is not: without it nothing
 * here can be predicted.
 */
export async function readPortFacts(paths: { range?: string; reserved?: string } = {}): Promise<PortFacts> {
  const rangeText = await readFile(paths.range ?? PORT_RANGE_PATH, 'utf8');
  let reserved: PortSpan[] = [];
  try {
    reserved = parseReservedPorts(await readFile(paths.reserved ?? RESERVED_PORTS_PATH, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { range: parsePortRange(rangeText), reserved, kernel: release() };
}

/** `6.18.44-fc` → [6, 18]; unknown shapes → undefined. */
export function kernelVersion(kernel: string): readonly [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(kernel);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Linux 4.6 (commit 07f4c90062f8, "tcp/dccp: try to not exhaust
 * ip_local_port_range in connect()") makes connect() try ports of the range's
 * low-end parity first and bind(0) the other parity. An unknown version is
 * assumed modern.
 */
export function kernelPrefersParity(kernel: string): boolean {
  const v = kernelVersion(kernel);
  if (!v) return true;
  return v[0] > 4 || (v[0] === 4 && v[1] >= 6);
}
