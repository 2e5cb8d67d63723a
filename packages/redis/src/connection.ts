import type { Socket } from 'node:net';
import { debuglog } from 'node:util';
import { NettkError, TimeoutError, errnoOf, type DialResult, monotonicMs } from '@nettk/core';
import type { RedisClientOptions, ReplyCallback, StreamEvent } from './client-options.js';
import { RespDecoder } from './decoder.js';
import { CommandEncoder, type CommandArg } from './encoder.js';
import { PendingQueue } from './pending-queue.js';
import { ReplyError, type RespMap, type RespPush, type RespValue } from './values.js';

const debug = debuglog('nettk');

/** A command waiting for its reply (or a batch of replies). */
export interface Pending {
  /** Callback API, or resolve/reject for promises. */
  cb: ReplyCallback | undefined;
  resolve: ((value: RespValue) => void) | undefined;
  reject: ((error: Error) => void) | undefined;
  rejectReplyErrors: boolean;
  /** monotonicMs() deadline; 0 = none. */
  deadline: number;
  /** An explicit pipeline: one entry collects many replies (no promise or entry per command). */
  batch: RespValue[] | null;
  filled: number;
  /** With `batch`: the entry is complete when `filled` reaches this index of the array. */
  expected: number;
}

/** What a RedisBatch needs from its connection (kept off the public class). */
export interface BatchWire {
  /**
   * Queue one written part of a batch, like any command: its replies go to
   * entry.batch from index entry.filled up to entry.expected. What was queued
   * before it is written first, then `chunks`. True when the socket holds
   * none of the chunks any more (the caller may reuse their memory).
   */
  segment(entry: Pending, chunks: Buffer[]): boolean;
}

/**
 * Write as soon as this much is encoded: a big pipeline then overlaps our
 * encoding with the server's work instead of waiting for the last command,
 * and never sits in memory whole.
 */
export const FLUSH_AT = 64 * 1024;

/**
 * A Redis connection: commands are encoded into one buffer and written once
 * per tick (pipelining is the default), replies are matched to commands
 * through an index-based FIFO, and one timer enforces per-command deadlines.
 * A protocol error, a timeout or the server closing fails every pending
 * command and closes the connection: after that, replies could not be
 * matched to commands any more.
 */
export class RedisConnection {
  readonly socket: Socket;
  readonly dialed: DialResult;
  /** 3 after a successful HELLO 3, else 2. */
  protocol: 2 | 3 = 2;
  /** The HELLO reply (server, version, proto, id, mode, role, modules) when RESP3 was negotiated. */
  hello: RespValue | undefined;
  /** Bytes received so far. */
  bytesIn = 0;
  protected readonly queue = new PendingQueue<Pending>();
  protected readonly encoder = new CommandEncoder();
  private readonly decoder: RespDecoder;
  protected readonly options: RedisClientOptions;
  private timeoutMs: number;
  /** The per-command timeout the latest deadline was set with (the current one may have changed since). */
  private deadlineTimeoutMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private wire: BatchWire | undefined;
  protected failure: Error | undefined;
  protected closed = false;
  protected readonly closedPromise: Promise<void>;
  protected listener: ((event: StreamEvent) => void) | undefined;
  protected readonly where: string;

  constructor(dialed: DialResult, options: RedisClientOptions) {
    this.dialed = dialed;
    this.socket = dialed.socket;
    this.options = options;
    this.timeoutMs = options.commandTimeoutMs ?? 0;
    this.where = `${dialed.host}:${dialed.port}`;
    this.decoder = new RespDecoder({
      ...options.limits,
      stringBulks: options.stringBulks === true,
      onReply: (value, attributes) => this.onReply(value, attributes),
      onPush: (push, attributes) => this.onPush(push, attributes),
    });
    const socket = this.socket;
    socket.setNoDelay(true);
    const onWire = options.onWire;
    socket.on('data', (chunk: Buffer) => {
      this.bytesIn += chunk.length;
      if (onWire) onWire('in', chunk);
      try {
        this.decoder.push(chunk);
      } catch (error) {
        this.fail(error as Error);
      }
    });
    socket.on('error', (error: Error) => {
      const code = errnoOf(error);
      this.fail(new NettkError('NETTK_ERR_NETWORK', `connection to ${this.where} failed: ${code ?? error.message}${this.silentHint()}`, { cause: error }));
    });
    this.closedPromise = new Promise((resolve) => {
      socket.once('close', () => {
        this.closed = true;
        if (this.queue.length > 0 || this.listener) {
          const what = this.listener ? 'while streaming' : `with ${this.queue.length} ${this.queue.length === 1 ? 'reply' : 'replies'} pending`;
          this.fail(new NettkError('NETTK_ERR_NETWORK', `server ${this.where} closed the connection ${what}${this.silentHint()}`));
        }
        this.clearTimer();
        resolve();
      });
    });
  }

  /** A server that hangs up before sending a single byte is often a TLS port spoken to in plaintext. */
  private silentHint(): string {
    return this.bytesIn === 0 && !this.options.tls ? ' before sending anything — a TLS port? (try --tls)' : '';
  }

  /** Commands sent whose replies have not arrived. */
  get pending(): number {
    return this.queue.length;
  }

  /** The failure that closed this connection, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Per-command deadline in ms from now on (0 = none). */
  setCommandTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  protected enqueue(args: ReadonlyArray<CommandArg> | null, pending: Pending): void {
    if (this.failure || this.closed) {
      const error = this.failure ?? new NettkError('NETTK_ERR_NETWORK', `connection to ${this.where} is closed`);
      queueMicrotask(() => settle(pending, error));
      return;
    }
    if (args !== null) this.encoder.write(args);
    if (this.timeoutMs > 0) {
      pending.deadline = monotonicMs() + this.timeoutMs;
      this.deadlineTimeoutMs = this.timeoutMs;
      if (this.timer === undefined) this.armTimer(this.timeoutMs);
    }
    this.queue.push(pending);
    if (this.encoder.pending >= FLUSH_AT) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  protected flush(): void {
    this.flushScheduled = false;
    if (this.encoder.pending === 0 || this.socket.destroyed) return;
    if (this.writeChunks(this.encoder.take())) this.encoder.recycle();
  }

  /** Write; true when every byte went to the kernel at once, so that no chunk is referenced any more. */
  private writeChunks(chunks: Buffer[]): boolean {
    const onWire = this.options.onWire;
    if (chunks.length > 1) this.socket.cork();
    for (const chunk of chunks) {
      if (onWire) onWire('out', chunk);
      this.socket.write(chunk);
    }
    if (chunks.length > 1) this.socket.uncork();
    return onWire === undefined && this.socket.writableLength === 0;
  }

  private onReply(value: RespValue, attributes: RespMap[] | undefined): void {
    if (this.listener) return this.listener({ value, attributes, push: false });
    const pending = this.queue.peek();
    if (pending === undefined) {
      this.fail(new NettkError('NETTK_ERR_PROTOCOL', `server ${this.where} sent a reply no command asked for`));
      return;
    }
    if (pending.batch !== null) {
      pending.batch[pending.filled++] = value;
      if (pending.filled !== pending.expected) return;
      value = pending.batch as RespValue;
    }
    this.complete(pending, value, attributes);
  }

  private complete(pending: Pending, value: RespValue, attributes: RespMap[] | undefined): void {
    this.queue.shift();
    if (this.queue.length === 0) this.clearTimer();
    if (pending.cb) pending.cb(null, value, attributes);
    else if (pending.rejectReplyErrors && value instanceof ReplyError) pending.reject!(value);
    else pending.resolve!(value);
  }

  /** The hook a RedisBatch writes through. */
  protected batchWire(): BatchWire {
    return (this.wire ??= {
      segment: (entry, chunks) => {
        this.enqueue(null, entry);
        // A closed or failed connection settles the entry (enqueue); the bytes go nowhere.
        if (this.failure || this.closed || this.socket.destroyed) return true;
        this.flush();
        return this.writeChunks(chunks);
      },
    });
  }

  private onPush(push: RespPush, attributes: RespMap[] | undefined): void {
    if (this.listener) return this.listener({ value: push, attributes, push: true });
    if (this.options.onPush) this.options.onPush(push, attributes);
    else debug('redis push %s ignored (no onPush listener)', push.kind);
  }

  private armTimer(ms: number): void {
    this.timer = setTimeout(() => this.onTimer(), Math.max(1, ms));
  }

  protected clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onTimer(): void {
    this.timer = undefined;
    const head = this.queue.peek();
    if (head === undefined || head.deadline === 0) return;
    const left = head.deadline - monotonicMs();
    if (left > 0) return this.armTimer(left);
    // The late reply could still arrive and be matched to the wrong command: close instead.
    this.fail(new TimeoutError(`no reply from ${this.where} within ${this.deadlineTimeoutMs} ms (${this.queue.length} pending)`));
  }

  protected fail(error: Error, destroy = true): void {
    if (this.failure) return;
    this.failure = error;
    this.clearTimer();
    debug('redis connection %s failed: %s', this.where, error.message);
    for (const pending of this.queue.drain()) settle(pending, error);
    if (destroy) this.socket.destroy();
  }
}

export function settle(pending: Pending, error: Error): void {
  if (pending.cb) pending.cb(error, null, undefined);
  else pending.reject!(error);
}
