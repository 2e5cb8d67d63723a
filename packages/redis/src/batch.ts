import { NettkError } from '@nettk/core';
import { FLUSH_AT, type BatchWire, type Pending } from './connection.js';
import { CommandEncoder, type CommandArg } from './encoder.js';
import type { RespValue } from './values.js';

/**
 * An explicit pipeline built command by command: `add()` encodes each
 * command straight into the batch's output buffer (no argument arrays kept),
 * every 64 KiB goes to the server at once (so the server works while the
 * rest is encoded), and `exec()` resolves with every reply in command order,
 * error replies as ReplyError values: one queue entry and one promise for
 * the whole batch, the replies in one array.
 *
 * Once a batch has sent its first 64 KiB it owns the connection's write side:
 * commands sent on the connection before exec() are held (queued behind the
 * batch) and go out after its last command. close() executes a batch that
 * is still open; one that never reached 64 KiB and is dropped sends nothing.
 */
export class RedisBatch {
  private readonly encoder = new CommandEncoder();
  private count = 0;
  /** The queue entry, once the batch has started sending or has been executed. */
  private entry: Pending | null = null;
  private promise: Promise<RespValue[]> | null = null;
  private sealed = false;

  /** Expected number of commands: the reply array is sized for them up front. */
  private readonly sizeHint: number;

  constructor(
    private readonly wire: BatchWire,
    sizeHint = 0,
  ) {
    // Only a hint: a wrong one costs a copy at exec(), never a huge allocation.
    this.sizeHint = Math.min(Math.max(0, Math.floor(sizeHint) || 0), 1 << 24);
  }

  /** Commands added so far. */
  get length(): number {
    return this.count;
  }

  /** Add one command (`b.add('SET', key, value)`); returns the batch for chaining. */
  add(...args: CommandArg[]): this;
  // Named parameters, not a rest array: add() makes no array per command (a rest parameter or
  // `arguments` object is allocated on every call; `arguments.length` alone is not).
  add(a?: CommandArg, b?: CommandArg, c?: CommandArg, d?: CommandArg, e?: CommandArg): this {
    const count = arguments.length;
    if (count > 5) return this.addArgs(Array.prototype.slice.call(arguments) as CommandArg[]);
    if (this.sealed || count === 0) this.refuse(count);
    const encoder = this.encoder;
    encoder.begin(count);
    encoder.arg(a!);
    if (count > 1) encoder.arg(b!);
    if (count > 2) encoder.arg(c!);
    if (count > 3) encoder.arg(d!);
    if (count > 4) encoder.arg(e!);
    return this.added();
  }

  /** Add one command given as an array (the array is not kept). */
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
    if (this.sealed) return this.promise ?? Promise.resolve([]);
    this.sealed = true;
    if (this.entry !== null) {
      this.wire.write(this.entry, this.encoder.take());
      this.wire.seal(this.entry, this.count);
      return this.promise!;
    }
    if (this.count === 0) return (this.promise = Promise.resolve([]));
    const entry = this.open(this.count);
    this.wire.submit(entry, this.encoder.take());
    return this.promise!;
  }

  private send(): void {
    if (this.entry === null) this.wire.open(this.open(-1), this);
    if (this.wire.write(this.entry!, this.encoder.take())) this.encoder.recycle();
  }

  private open(expected: number): Pending {
    let resolve!: (value: RespValue) => void;
    let reject!: (error: Error) => void;
    this.promise = new Promise<RespValue[]>((res, rej) => {
      resolve = res as (value: RespValue) => void;
      reject = rej;
    });
    // The connection can fail before exec() hands the promise to anyone: that is not an unhandled rejection.
    this.promise.catch(() => undefined);
    const size = expected >= 0 ? expected : this.sizeHint;
    const entry: Pending = {
      cb: undefined,
      resolve,
      reject,
      rejectReplyErrors: false,
      deadline: 0,
      batch: size > 0 ? new Array<RespValue>(size) : [],
      filled: 0,
      expected,
    };
    this.entry = entry;
    return entry;
  }
}
