import { UsageError } from '@nettk/core';
import { CHAT_DEFAULTS, type ChatServerOptions, type ResolvedChatServerOptions } from './server-types.js';

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`bad ${name} "${value}": a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Defaults filled in and every limit checked: a chat server without bounds is not started. */
export function resolveOptions(options: ChatServerOptions): ResolvedChatServerOptions {
  const o = { ...CHAT_DEFAULTS, ...stripUndefined(options) };
  wholeNumber('port', o.port, 0, 65535);
  wholeNumber('maxClients', o.maxClients, 1, 1_000_000);
  // Room for a name prefix and a UTF-8 line: below 16 bytes nothing useful fits.
  wholeNumber('maxLineBytes', o.maxLineBytes, 16, 16 << 20);
  wholeNumber('maxQueueBytes', o.maxQueueBytes, 1024, 1 << 30);
  wholeNumber('shutdownGraceMs', o.shutdownGraceMs, 0, 600_000);
  wholeNumber('backlog', o.backlog, 1, 65535);
  if (!Number.isFinite(o.idleTimeoutMs) || o.idleTimeoutMs < 0) throw new UsageError(`bad idleTimeoutMs "${o.idleTimeoutMs}": 0 (off) or more`);
  if (o.eol !== '\n' && o.eol !== '\r\n') throw new UsageError('bad eol: "\\n" or "\\r\\n"');
  return o;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
