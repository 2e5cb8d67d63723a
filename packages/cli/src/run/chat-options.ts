import { UsageError, parseHost } from '@nettk/core';
import type { ChatServerOptions } from '@nettk/chat';
import type { ChatServeArgs } from '../commands/chat.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1 << 20, mb: 1_000_000, mib: 1 << 20, g: 1 << 30, gb: 1_000_000_000, gib: 1 << 30 };

/** `1048576`, `512KiB`, `4MiB`, `1.5M`, `2mb`: a byte count. */
export function parseByteSize(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`bad ${flag} "${text}": a size such as 1048576, 512KiB or 4MiB`);
  return Math.round(Number(m[1]) * unit);
}

function whole(flag: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`bad ${flag} "${value}": a whole number from ${min} to ${max}`);
  return value;
}

/** Flags of `nettk chat serve` checked and turned into server options; every bad value is a usage error naming the flag. */
export function chatServerOptions(args: ChatServeArgs): ChatServerOptions {
  const host = parseHost(String(args.host)).host;
  const port = whole('--port', Number(args.port), 0, 65535);
  const maxClients = whole('--max-clients', Number(args['max-clients']), 1, 1_000_000);
  const maxLineBytes = whole('--max-line', Number(args['max-line']), 16, 16 << 20);
  const maxQueueBytes = parseByteSize('--max-queue', String(args['max-queue']));
  if (maxQueueBytes < 1024 || maxQueueBytes > 1 << 30) throw new UsageError(`bad --max-queue "${args['max-queue']}": from 1KiB to 1GiB`);
  let idleTimeoutMs = 0;
  if (args['idle-timeout'] !== undefined) {
    const s = Number(args['idle-timeout']);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`bad --idle-timeout "${args['idle-timeout']}": seconds > 0`);
    idleTimeoutMs = Math.round(s * 1000);
  }
  const grace = Number(args.grace);
  if (!Number.isFinite(grace) || grace < 0 || grace > 600) throw new UsageError(`bad --grace "${args.grace}": seconds from 0 to 600`);
  return { host, port, maxClients, maxLineBytes, maxQueueBytes, idleTimeoutMs, eol: args.crlf ? '\r\n' : '\n', shutdownGraceMs: Math.round(grace * 1000) };
}
