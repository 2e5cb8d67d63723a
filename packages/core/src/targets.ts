import { isIP } from 'node:net';
import { UsageError } from './errors.js';
import { portForService } from './services.js';

/** A host as the user wrote it, with its IP family when it is a literal. */
export interface HostSpec {
  host: string;
  /** 4 or 6 for an IP literal, 0 for a name to resolve. */
  family: 0 | 4 | 6;
}

export interface HostPort extends HostSpec {
  port: number | undefined;
}

/** A port range `[from, to]`, inclusive. */
export type PortRange = readonly [number, number];

const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)(?:\.[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*\.?$/;

/** Validate a host: an IPv4/IPv6 literal (brackets allowed) or a DNS name. */
export function parseHost(input: string): HostSpec {
  const text = input.trim();
  if (text === '') throw new UsageError('empty host');
  let bare = text;
  if (text.startsWith('[') || text.endsWith(']')) {
    if (!(text.startsWith('[') && text.endsWith(']'))) throw new UsageError(`bad host "${input}": unbalanced brackets`);
    bare = text.slice(1, -1);
    if (isIP(bare.replace(/%.*$/, '')) !== 6) throw new UsageError(`bad host "${input}": not an IPv6 address inside brackets`);
  }
  const literal = isIP(bare.replace(/%.*$/, ''));
  if (literal === 4 || literal === 6) return { host: bare, family: literal };
  if (/^[\d.]+$/.test(bare)) throw new UsageError(`bad host "${input}": not a valid IPv4 address`);
  if (bare.includes(':')) throw new UsageError(`bad host "${input}": not a valid IPv6 address`);
  if (!HOSTNAME.test(bare)) throw new UsageError(`bad host "${input}": not a valid hostname`);
  return { host: bare, family: 0 };
}

/** A comma-separated list of hosts (`a.example,b.example`). */
export function parseHostList(input: string): HostSpec[] {
  if (input.trim() === '') throw new UsageError('empty host');
  const parts = input.split(',');
  if (parts.some((p) => p.trim() === '')) throw new UsageError(`bad host list "${input}": empty entry`);
  return parts.map(parseHost);
}

/** One port: a number 1–65535 or a service name. */
export function parsePort(token: string): number {
  const text = token.trim();
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port < 1 || port > 65535) throw new UsageError(`bad port "${token}": must be 1-65535`);
    return port;
  }
  if (/^[a-zA-Z][a-zA-Z0-9_.+-]*$/.test(text)) {
    const port = portForService(text);
    if (port === undefined) throw new UsageError(`bad port "${token}": unknown service name`);
    return port;
  }
  throw new UsageError(`bad port "${token}": not a number or service name`);
}

/**
 * A port spec: `80`, `20-30`, `22,80,443`, `ssh,http`, `1-65535`, or a mix.
 * Returns ranges in the order given; overlapping entries are kept (expandPorts dedupes).
 */
export function parsePortSpec(spec: string): PortRange[] {
  const text = spec.trim();
  if (text === '') throw new UsageError('empty port spec');
  const ranges: PortRange[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') throw new UsageError(`bad port spec "${spec}": empty entry`);
    const dash = /^([^-]+)-([^-]+)$/.exec(item);
    if (dash) {
      const from = parsePort(dash[1]!);
      const to = parsePort(dash[2]!);
      if (from > to) throw new UsageError(`bad port range "${item}": start is after end`);
      ranges.push([from, to]);
    } else {
      if (item.includes('-')) throw new UsageError(`bad port range "${item}"`);
      const port = parsePort(item);
      ranges.push([port, port]);
    }
  }
  return ranges;
}

/** Every port of several specs, deduplicated, in first-seen order. */
export function expandPorts(specs: readonly string[]): number[] {
  const seen = new Uint8Array(65536);
  const out: number[] = [];
  for (const spec of specs) {
    for (const [from, to] of parsePortSpec(spec)) {
      for (let p = from; p <= to; p++) {
        if (seen[p] === 0) {
          seen[p] = 1;
          out.push(p);
        }
      }
    }
  }
  return out;
}

/**
 * `host`, `host:port`, `[v6]:port`, `[v6]`, or a bare IPv6 literal (no port).
 * The port may be a service name.
 */
export function parseHostPort(input: string): HostPort {
  const text = input.trim();
  if (text === '') throw new UsageError('empty host');
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new UsageError(`bad address "${input}": missing "]"`);
    const host = parseHost(text.slice(0, close + 1));
    const rest = text.slice(close + 1);
    if (rest === '') return { ...host, port: undefined };
    if (!rest.startsWith(':') || rest.length === 1) throw new UsageError(`bad address "${input}": expected ":PORT" after "]"`);
    return { ...host, port: parsePort(rest.slice(1)) };
  }
  const colons = text.split(':').length - 1;
  if (colons === 0) return { ...parseHost(text), port: undefined };
  if (colons > 1) return { ...parseHost(text), port: undefined }; // bare IPv6 literal
  const at = text.lastIndexOf(':');
  const hostPart = text.slice(0, at);
  const portPart = text.slice(at + 1);
  if (portPart === '') throw new UsageError(`bad address "${input}": missing port after ":"`);
  return { ...parseHost(hostPart), port: parsePort(portPart) };
}

/** `host:port` with IPv6 in brackets, as in URLs and ss output. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
