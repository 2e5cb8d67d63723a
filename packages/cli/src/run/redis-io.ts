import { LimitError } from '@nettk/core';
import type { CommandArg, RedisClient, RespMap, RespValue } from '@nettk/redis';

/** Like redis-cli -x: all of stdin, byte for byte (a trailing newline is kept), capped at Redis' 512 MiB. */
export async function readAllStdin(stdin: NodeJS.ReadableStream, cap = 512 * 1024 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > cap) throw new LimitError(`stdin is larger than ${cap} bytes (Redis' proto-max-bulk-len)`);
    parts.push(buf);
  }
  return Buffer.concat(parts, size);
}

export interface Reply {
  value: RespValue;
  attributes: RespMap[] | undefined;
}

/** send() that also returns the RESP3 attributes that came with the reply. */
export function sendWithAttributes(client: RedisClient, args: ReadonlyArray<CommandArg>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    client.sendCallback(args, (error, value, attributes) => (error ? reject(error) : resolve({ value, attributes })));
  });
}

/** Wait ms; resolves true early when the user presses Ctrl-C (or SIGTERM arrives). */
export function untilInterrupted(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (interrupted: boolean): void => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(interrupted);
    };
    const onSignal = (): void => done(true);
    const timer = setTimeout(() => done(false), ms);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

/** A flag that turns true on Ctrl-C / SIGTERM, for loops that check it; dispose() removes the handlers. */
export function interruptFlag(onInterrupt?: () => void): { readonly set: boolean; dispose(): void } {
  const state = { set: false };
  const handler = (): void => {
    state.set = true;
    onInterrupt?.();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get set() {
      return state.set;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * Stream a SUBSCRIBE/MONITOR command, printing each event. When stdout cannot
 * keep up (a slow pipe), the socket is paused until it drains, so the
 * server's output waits in the kernel and in Redis (whose client output
 * buffer limits apply) instead of piling up in this process.
 */
export function streamPrinted(
  client: RedisClient,
  args: ReadonlyArray<CommandArg>,
  stdout: NodeJS.WritableStream,
  print: (value: RespValue, attributes: RespMap[] | undefined) => boolean,
): Promise<void> {
  let paused = false;
  return client.stream(args, (event) => {
    if (print(event.value, event.attributes) || paused) return;
    paused = true;
    client.socket.pause();
    stdout.once('drain', () => {
      paused = false;
      client.socket.resume();
    });
  });
}
