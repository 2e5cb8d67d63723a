import { ExitCode, TimeoutError, UsageError, monotonicMs, visible } from '@nettk/core';
import { ReplyError, RequestReader, type RedisClient, type ReplyCallback } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { connectRedis, type Target } from './redis-connect.js';

/** Commands in flight before stdin is paused: bounded memory however big the input is. */
const MAX_IN_FLIGHT = 50_000;

/**
 * redis-cli --pipe: stream stdin (RESP arrays or inline lines) to the
 * server, pipelined, and count the replies. Every command gets its own
 * pending entry, so no reply is lost or matched out of order; error replies
 * are printed on stderr. Exit 1 when any reply was an error (as redis-cli).
 */
export async function runPipe(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const client = await connectRedis(o, io, target);
  let errors = 0;
  let replies = 0;
  let sent = 0;
  let lastReplyAt = monotonicMs();
  let wake: (() => void) | undefined;
  const onReply: ReplyCallback = (error, value) => {
    if (error) {
      // The connection failed: every pending command is settled with the error; stop waiting.
      wake?.();
      wake = undefined;
      return;
    }
    replies++;
    lastReplyAt = monotonicMs();
    if (value instanceof ReplyError) {
      errors++;
      io.stderr.write(`${visible(value.message, { keepNewlines: false })}\n`);
    }
    if (wake && sent - replies < MAX_IN_FLIGHT / 2) {
      wake();
      wake = undefined;
    }
  };
  const waitForReplies = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const timeoutMs = o.pipeTimeout * 1000;
  const stalled = (): TimeoutError => new TimeoutError(`--pipe: no reply for ${timeoutMs / 1000} s with ${client.pending} replies missing`);
  // Every wait on the server (room in its socket, replies) ends once it has
  // answered nothing for --pipe-timeout (0: wait as long as it takes, as redis-cli).
  const withDeadline = (wait: Promise<void>): Promise<void> =>
    timeoutMs <= 0
      ? wait
      : new Promise((resolve, reject) => {
          const timer = setInterval(() => {
            if (monotonicMs() - lastReplyAt > timeoutMs) {
              clearInterval(timer);
              reject(stalled());
            }
          }, Math.min(1000, timeoutMs));
          wait.then(
            () => (clearInterval(timer), resolve()),
            (error: unknown) => (clearInterval(timer), reject(error)),
          );
        });
  try {
    const reader = new RequestReader();
    for await (const chunk of io.stdin) {
      for (const command of reader.push(chunk as Buffer)) {
        client.sendCallback(command, onReply);
        sent++;
      }
      if (client.error) throw client.error;
      await withDeadline(client.drained());
      while (sent - replies >= MAX_IN_FLIGHT && !client.error) await withDeadline(waitForReplies());
    }
    if (!reader.idle) throw new UsageError('--pipe: stdin ended in the middle of a command');
    if (io.mode === 'human') io.stdout.write('All data transferred. Waiting for the last reply...\n');
    await lastReply(client, () => lastReplyAt, timeoutMs, stalled);
    if (client.error) throw client.error;
  } finally {
    // With replies missing, close() would wait for them (its PING queues behind them): cut the connection.
    if (client.pending > 0) client.destroy();
    else await client.close().catch(() => undefined);
  }
  if (io.mode === 'human') io.stdout.write(`Last reply received from server.\nerrors: ${errors}, replies: ${replies}\n`);
  else io.stdout.write(JSON.stringify({ errors, replies }) + '\n');
  return errors > 0 ? ExitCode.negative : ExitCode.ok;
}

/** Wait until every reply arrived; give up after timeoutMs without any reply (0 = never). */
async function lastReply(client: RedisClient, lastReplyAt: () => number, timeoutMs: number, stalled: () => Error): Promise<void> {
  while (client.pending > 0 && !client.error) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (timeoutMs > 0 && monotonicMs() - lastReplyAt() > timeoutMs) throw stalled();
  }
}
