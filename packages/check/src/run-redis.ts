import { monotonicMs } from '@nettk/core';
import { RedisClient, ReplyError, formatTty, parseRedisUrl, textOf, type RespValue } from '@nettk/redis';
import { formatMs } from './durations.js';
import type { ExecutorContext } from './executors.js';
import { fail, pass, type CheckOutcome } from './outcome.js';
import type { CheckOf, RedisExpect } from './types.js';

/** A reply as redis-cli shows it, on one line (`(integer) 1`, `"PONG"`, `(error) ERR ...`). */
export function replyText(value: RespValue, max = 200): string {
  const text = formatTty(value).replace(/\n$/, '');
  const oneLine = text.replace(/\n/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function equals(value: RespValue, expected: string | number | boolean | null): boolean {
  if (expected === null) return value === null;
  if (typeof expected === 'boolean') {
    // RESP2 answers yes/no questions (EXISTS, SISMEMBER) with integers 1 and 0.
    return value === expected || value === (expected ? 1 : 0);
  }
  if (typeof expected === 'number' && (typeof value === 'number' || typeof value === 'bigint')) return BigInt(value) === BigInt(Math.trunc(expected)) && Number.isInteger(expected);
  const text = textOf(value);
  return text !== undefined && text === String(expected);
}

/** [reason, message] when the reply breaks the expectation. */
export function redisMismatch(expect: RedisExpect, value: RespValue): [string, string] | undefined {
  const isError = value instanceof ReplyError;
  if (expect.kind === 'error') {
    if (!isError) return ['reply-mismatch', `expected an error reply, got ${replyText(value)}`];
    if (expect.pattern && !expect.pattern.test(value.message)) return ['reply-mismatch', `${replyText(value)} does not match /${expect.pattern.source}/`];
    return undefined;
  }
  if (isError) return ['error-reply', replyText(value)];
  if (expect.kind === 'reply' && !equals(value, expect.value)) return ['reply-mismatch', `got ${replyText(value)}, expected ${JSON.stringify(expect.value)}`];
  if (expect.kind === 'match') {
    const text = textOf(value) ?? (typeof value === 'number' || typeof value === 'bigint' ? String(value) : formatTty(value));
    if (!expect.pattern.test(text)) return ['reply-mismatch', `${replyText(value)} does not match /${expect.pattern.source}/`];
  }
  return undefined;
}

/** One command over @nettk/redis's client: connect (AUTH/SELECT from the URL), send, compare, close. */
export async function runRedisCheck(check: CheckOf<'redis'>, ctx: ExecutorContext): Promise<CheckOutcome> {
  const url = parseRedisUrl(check.url);
  const started = monotonicMs();
  const client = await RedisClient.connect({
    host: url.host,
    port: url.port,
    tls: url.tls,
    ...(url.username !== undefined ? { username: url.username } : {}),
    ...(url.password !== undefined ? { password: url.password } : {}),
    ...(url.db !== undefined ? { db: url.db } : {}),
    connectTimeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
  });
  const onAbort = (): void => client.destroy();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    client.setCommandTimeout(Math.max(1, ctx.timeoutMs - (monotonicMs() - started)));
    const sent = monotonicMs();
    const value = await client.send(check.command);
    const replyMs = monotonicMs() - sent;
    const d = client.dialed;
    const extra: Partial<CheckOutcome> = {
      timings: { dnsMs: d.timings.lookupMs, connectMs: d.timings.connectMs, tlsMs: d.timings.tlsMs },
      ipProtocol: d.family,
      metrics: {
        redis_reply_time_seconds: replyMs / 1000,
        redis_reply_error: value instanceof ReplyError ? 1 : 0,
        ...(typeof value === 'number' ? { redis_reply_integer: value } : {}),
      },
      details: { reply: replyText(value), protocol: client.protocol },
    };
    const mismatch = redisMismatch(check.expect, value);
    if (mismatch) return fail(mismatch[0], mismatch[1], extra);
    return pass(`${replyText(value, 60)} in ${formatMs(replyMs)}`, extra);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    client.destroy();
  }
}
