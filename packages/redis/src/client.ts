import { NettkError, dial, monotonicMs } from '@nettk/core';
import type { RedisClientOptions, ReplyCallback, StreamEvent } from './client-options.js';
import { RedisConnection } from './connection.js';
import { checkArg, type CommandArg } from './encoder.js';
import { handshake } from './handshake.js';
import { RedisBatch } from './batch.js';
import type { RespValue } from './values.js';

/** How long close() waits for the server to close its side after our FIN. */
const CLOSE_GRACE_MS = 2000;

/**
 * The public client: connect (core dial + handshake), then commands one by
 * one (send/call/sendCallback, pipelined automatically within a tick), as an
 * explicit pipeline, or as a stream (SUBSCRIBE, MONITOR).
 */
export class RedisClient extends RedisConnection {
  static async connect(options: RedisClientOptions = {}): Promise<RedisClient> {
    const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    const started = monotonicMs();
    const dialed = await dial({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 6379,
      family: options.family ?? 0,
      timeoutMs: connectTimeoutMs,
      tls: options.tls ?? false,
      guard: options.guard ?? true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const client = new RedisClient(dialed, options);
    try {
      await handshake(client, options, Math.max(1, connectTimeoutMs - (monotonicMs() - started)));
    } catch (error) {
      client.destroy();
      throw error;
    }
    return client;
  }

  /** Low-level send: the callback gets server error replies as ReplyError values. */
  sendCallback(args: ReadonlyArray<CommandArg>, cb: ReplyCallback): void {
    this.enqueue(args, { cb, resolve: undefined, reject: undefined, rejectReplyErrors: false, deadline: 0, batch: null, filled: 0, expected: 0 });
  }

  /** One command; resolves with any reply, a server error reply included (as a ReplyError value). */
  send(args: ReadonlyArray<CommandArg>): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      this.enqueue(args, { cb: undefined, resolve, reject, rejectReplyErrors: false, deadline: 0, batch: null, filled: 0, expected: 0 });
    });
  }

  /** One command; a server error reply rejects with a ReplyError. */
  call(...args: CommandArg[]): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      this.enqueue(args, { cb: undefined, resolve, reject, rejectReplyErrors: true, deadline: 0, batch: null, filled: 0, expected: 0 });
    });
  }

  /**
   * An explicit pipeline: every command is written at once (64 KiB at a
   * time) and the replies come back as one array in command order (error
   * replies as ReplyError values): one promise for the whole batch. A bad
   * argument anywhere rejects it before anything is sent.
   */
  pipeline(commands: ReadonlyArray<ReadonlyArray<CommandArg>>): Promise<RespValue[]> {
    // All or nothing: a bad command is found before the first byte is sent.
    try {
      for (let i = 0; i < commands.length; i++) {
        const args = commands[i]!;
        if (args.length === 0) throw new NettkError('NETTK_ERR_USAGE', `pipeline: command ${i + 1} has no words`);
        for (let j = 0; j < args.length; j++) checkArg(args[j], j);
      }
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const batch = this.batch(commands.length);
    for (let i = 0; i < commands.length; i++) batch.addArgs(commands[i]!);
    return batch.exec();
  }

  /**
   * An explicit pipeline built command by command, encoded as it is built:
   * `const b = client.batch(); b.add('GET', key); ...; const replies = await b.exec()`.
   * `sizeHint`, the expected number of commands, sizes the reply array up front.
   */
  batch(sizeHint = 0): RedisBatch {
    return new RedisBatch(this.batchWire(), sizeHint);
  }

  /**
   * Send a command that turns the connection into a stream (SUBSCRIBE,
   * PSUBSCRIBE, SSUBSCRIBE, MONITOR): from then on every reply and push goes
   * to the listener. Resolves when the connection is closed by close(),
   * rejects when it fails.
   */
  stream(args: ReadonlyArray<CommandArg>, listener: (event: StreamEvent) => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queue.length > 0) return Promise.reject(new NettkError('NETTK_ERR_RUNTIME', 'stream(): wait for pending replies first'));
    this.listener = listener;
    this.clearTimer();
    this.encoder.write(args);
    this.flush();
    return this.closedPromise.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** Resolves when the write buffer has room again (backpressure for --pipe). */
  drained(): Promise<void> {
    this.flush();
    if (!this.socket.writableNeedDrain || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Wait for pending replies, then end the connection. */
  async close(): Promise<void> {
    this.listener = undefined;
    if (!this.closed && !this.failure) {
      this.flush();
      if (this.queue.length > 0) await this.send(['PING']).catch(() => undefined);
      this.socket.end();
    }
    // A peer that never answers our FIN must not hold the process: give it a moment, then destroy.
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    try {
      await this.closedPromise;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Close now; pending commands fail with the error (or a "closed" error). */
  destroy(error?: Error): void {
    this.fail(error ?? new NettkError('NETTK_ERR_ABORTED', `connection to ${this.where} closed by the client`), false);
    this.socket.destroy();
  }

}
