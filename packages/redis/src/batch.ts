import { NettkError } from '@nettk/core';
import { FLUSH_AT, type BatchWire, type Pending } from './connection.js';
import { CommandEncoder, checkArg, type CommandArg } from './encoder.js';
import type { RespValue } from './values.js';

/**
 * An explicit pipeline built command by command: `add()` encodes each
 * command straight into the batch's output buffer (no argument arrays kept),
 * every 64 KiB goes to the server at once as one queued segment (so the
 * server works while the rest is encoded), and `exec()` resolves with every
 * reply in command order, error replies as ReplyError values: one queue
 * entry per 64 KiB written and one promise for the whole batch, the replies
 * in one array.
 *
 * Segments are queued like any command: a command sent on the connection
 * between two segments goes out between them and gets its own reply. A
 * batch that is never executed sends nothing more than the segments it
 * already wrote (their replies are read and dropped); it holds nothing up.
 */
export class RedisBatch {
  private readonly encoder = new CommandEncoder();
  /** Commands added, and sent. */
  private count = 0;
  private written = 0;
  /** Segments written whose replies have not all arrived. */
  private inFlight = 0;
  private readonly replies: RespValue[];
  private failure: Error | null = null;
  private sealed = false;
  private promise: Promise<RespValue[]> | null = null;
  private resolve: ((replies: RespValue[]) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;

  constructor(
    private readonly wire: BatchWire,
    sizeHint = 0,
  ) {
    // Only a hint (a wrong one costs the array's growth, never a huge allocation): sizes the reply array up front.
    const size = Math.min(Math.max(0, Math.floor(sizeHint) || 0), 1 << 24);
    this.replies = size > 0 ? new Array<RespValue>(size) : [];
  }

  /** Commands added so far. */
  get length(): number {
    return this.count;
  }

  /** Add one command (`b.add('SET', key, value)`); returns the batch for chaining. A bad argument throws and adds nothing. */
  add(...args: CommandArg[]): this;
  // Named parameters, not a rest array: add() makes no array per command (a rest parameter or
  // `arguments` object is allocated on every call; `arguments.length` alone is not).
  add(a?: CommandArg, b?: CommandArg, c?: CommandArg, d?: CommandArg, e?: CommandArg): this {
    const count = arguments.length;
    if (count > 5) return this.addArgs(Array.prototype.slice.call(arguments) as CommandArg[]);
    if (this.sealed || count === 0) this.refuse(count);
    // Every argument is checked before the first byte is encoded: a bad one leaves no half command behind.
    checkArg(a, 0);
    if (count > 1) checkArg(b, 1);
    if (count > 2) checkArg(c, 2);
    if (count > 3) checkArg(d, 3);
    if (count > 4) checkArg(e, 4);
    const encoder = this.encoder;
    encoder.begin(count);
    encoder.arg(a!);
    if (count > 1) encoder.arg(b!);
    if (count > 2) encoder.arg(c!);
    if (count > 3) encoder.arg(d!);
    if (count > 4) encoder.arg(e!);
    return this.added();
  }

  /** Add one command given as an array (the array is not kept). A bad argument throws and adds nothing. */
  addArgs(args: ReadonlyArray<CommandArg>): this {
    if (this.sealed || args.length === 0) this.refuse(args.length);
    this.encoder.write(args);
    return this.added();
  }

  private added(): this {
    this.count++;
    if (this.encoder.pending >= FLUSH_AT) this.send();
    return this;
  }

  private refuse(count: number): never {
    if (this.sealed) throw new NettkError('NETTK_ERR_RUNTIME', 'batch: add() after exec()');
    throw new NettkError('NETTK_ERR_USAGE', `batch: a command needs at least one word (got ${count})`);
  }

  /** Send everything added and resolve with the replies, in command order. Calling it again returns the same promise. */
  exec(): Promise<RespValue[]> {
    if (this.promise) return this.promise;
    this.sealed = true;
    this.send();
    this.promise = new Promise<RespValue[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.settle();
    return this.promise;
  }

  /** The commands added since the last segment, as one queued segment. */
  private send(): void {
    if (this.written === this.count) return;
    const entry: Pending = {
      cb: this.onSegment,
      resolve: undefined,
      reject: undefined,
      rejectReplyErrors: false,
      deadline: 0,
      batch: this.replies,
      filled: this.written,
      expected: this.count,
    };
    this.written = this.count;
    this.inFlight++;
    if (this.wire.segment(entry, this.encoder.take())) this.encoder.recycle();
  }

  private readonly onSegment = (error: Error | null): void => {
    this.inFlight--;
    if (error) this.failure ??= error;
    this.settle();
  };

  private settle(): void {
    if (!this.promise) return;
    if (this.failure) this.reject!(this.failure);
    else if (this.inFlight === 0) {
      this.replies.length = this.count;
      this.resolve!(this.replies);
    }
  }
}
