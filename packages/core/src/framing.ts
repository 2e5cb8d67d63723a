import type { Duplex } from 'node:stream';
import { LimitError, NettkError, TimeoutError } from './errors.js';

export interface ReadOptions {
  /** Deadline for this read in ms (required in spirit: nothing waits forever; default 30 s). */
  timeoutMs?: number;
  /** Cap on the bytes this read may return. */
  maxBytes?: number;
}

interface Waiter {
  check: () => boolean;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_READ_TIMEOUT_MS = 30_000;

/**
 * Pull-style reads over a stream socket: until a delimiter, exactly N bytes,
 * or until the peer closes, each with a deadline and a byte cap. The peer is
 * paused while more than `highWaterMark` bytes sit unread, so a fast peer
 * cannot grow the buffer without bound.
 */
export class SocketReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiter: Waiter | undefined;
  private closed = false;
  private error: Error | undefined;
  private readonly highWaterMark: number;

  constructor(
    private readonly socket: Duplex,
    options: { highWaterMark?: number } = {},
  ) {
    this.highWaterMark = options.highWaterMark ?? 1 << 20;
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
    socket.once('error', this.onError);
  }

  /** Bytes received and not yet read. */
  get buffered(): number {
    return this.size;
  }

  /** True once the peer has closed its side and every byte has been read. */
  get done(): boolean {
    return this.closed && this.size === 0;
  }

  get peerClosed(): boolean {
    return this.closed;
  }

  private onData = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.highWaterMark) this.socket.pause();
    this.wake();
  };

  private onEnd = (): void => {
    this.closed = true;
    this.wake();
  };

  private onError = (err: Error): void => {
    this.error = err;
    this.closed = true;
    this.wake();
  };

  private wake(): void {
    const w = this.waiter;
    if (w && w.check()) {
      if (w.timer) clearTimeout(w.timer);
      if (this.waiter === w) this.waiter = undefined;
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    const out = all.subarray(0, n);
    this.chunks = n < all.length ? [all.subarray(n)] : [];
    this.size -= n;
    if (this.size <= this.highWaterMark) this.socket.resume();
    return out;
  }

  private wait<T>(what: string, options: ReadOptions, attempt: () => T | undefined): Promise<T> {
    if (this.waiter) return Promise.reject(new NettkError('NETTK_ERR_RUNTIME', 'SocketReader: one read at a time'));
    return new Promise<T>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
      const waiter: Waiter = {
        check: () => {
          try {
            const value = attempt();
            if (value === undefined) return false;
            resolve(value);
          } catch (err) {
            reject(err as Error);
          }
          return true;
        },
        reject,
        timer: undefined,
      };
      if (waiter.check()) return;
      waiter.timer = setTimeout(() => {
        if (this.waiter === waiter) this.waiter = undefined;
        reject(new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiter = waiter;
    });
  }

  private closedError(what: string): Error {
    if (this.error) return new NettkError('NETTK_ERR_NETWORK', `connection error while waiting for ${what}: ${this.error.message}`, { cause: this.error });
    return new NettkError('NETTK_ERR_NETWORK', `connection closed by peer while waiting for ${what}`);
  }

  /** Bytes up to and including `delimiter`. */
  readUntil(delimiter: string | Buffer, options: ReadOptions = {}): Promise<Buffer> {
    const delim = typeof delimiter === 'string' ? Buffer.from(delimiter, 'latin1') : delimiter;
    const max = options.maxBytes ?? 64 * 1024;
    const what = `${JSON.stringify(delim.toString('latin1'))}`;
    let searchedUpTo = 0;
    return this.wait(what, options, () => {
      if (this.size > 0) {
        const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
        this.chunks = [all];
        const at = all.indexOf(delim, Math.max(0, searchedUpTo - delim.length + 1));
        if (at >= 0) {
          if (at + delim.length > max) throw new LimitError(`more than ${max} bytes before ${what}`);
          return this.take(at + delim.length);
        }
        searchedUpTo = all.length;
        if (all.length > max) throw new LimitError(`more than ${max} bytes before ${what}`);
      }
      if (this.closed) throw this.closedError(what);
      return undefined;
    });
  }

  /** Exactly n bytes. */
  readExactly(n: number, options: ReadOptions = {}): Promise<Buffer> {
    return this.wait(`${n} bytes`, options, () => {
      if (this.size >= n) return this.take(n);
      if (this.closed) throw this.closedError(`${n} bytes (got ${this.size})`);
      return undefined;
    });
  }

  /** Whatever is buffered now, at least one byte, or null at end of stream. */
  readSome(options: ReadOptions = {}): Promise<Buffer | null> {
    const max = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
    return this.wait('data', options, () => {
      if (this.size > 0) return this.take(Math.min(this.size, max));
      if (this.closed) {
        if (this.error) throw this.closedError('data');
        return null;
      }
      return undefined;
    });
  }

  /** Stop listening; unread bytes are dropped. */
  detach(): void {
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    this.socket.removeListener('close', this.onEnd);
    this.socket.removeListener('error', this.onError);
    if (this.waiter) {
      if (this.waiter.timer) clearTimeout(this.waiter.timer);
      this.waiter.reject(new NettkError('NETTK_ERR_ABORTED', 'reader detached'));
      this.waiter = undefined;
    }
  }
}

export interface LineSplitterOptions {
  /** Longest line accepted, in bytes, without its terminator. */
  maxLineBytes: number;
}

export type SplitItem = { type: 'line'; line: Buffer } | { type: 'overlong'; bytes: number };

/**
 * Push-style line splitter: CRLF and LF both end a line, a partial line waits
 * for its newline, and a line past `maxLineBytes` is reported once as
 * `overlong` and its bytes discarded up to the next newline (the buffer never
 * holds more than maxLineBytes + 1 bytes).
 */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private discarding = 0;
  constructor(private readonly options: LineSplitterOptions) {}

  push(chunk: Buffer): SplitItem[] {
    const out: SplitItem[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (this.discarding > 0) {
        this.discarding += piece.length;
      } else if (this.partialBytes + piece.length > this.options.maxLineBytes + 1) {
        // +1 leaves room for a CR that belongs to a CRLF terminator.
        this.discarding = this.partialBytes + piece.length;
        this.partial = [];
        this.partialBytes = 0;
      } else if (piece.length > 0) {
        this.partial.push(piece);
        this.partialBytes += piece.length;
      }
      if (nl < 0) break;
      if (this.discarding > 0) {
        out.push({ type: 'overlong', bytes: this.discarding });
        this.discarding = 0;
      } else {
        let line = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial, this.partialBytes);
        if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
        if (line.length > this.options.maxLineBytes) out.push({ type: 'overlong', bytes: line.length });
        else out.push({ type: 'line', line: Buffer.from(line) });
      }
      this.partial = [];
      this.partialBytes = 0;
      start = nl + 1;
    }
    return out;
  }

  /**
   * End of stream: the unfinished line, if any, as a last item (a peer that
   * closed cleanly after `printf 'text'` finished its line); the splitter is
   * empty afterwards.
   */
  flush(): SplitItem[] {
    const discarded = this.discarding;
    const pending = this.partial;
    const pendingBytes = this.partialBytes;
    this.discarding = 0;
    this.partial = [];
    this.partialBytes = 0;
    if (discarded > 0) return [{ type: 'overlong', bytes: discarded }];
    if (pendingBytes === 0) return [];
    let line = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    if (line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    if (line.length > this.options.maxLineBytes) return [{ type: 'overlong', bytes: line.length }];
    return [{ type: 'line', line: Buffer.from(line) }];
  }

  /** Bytes of the unfinished line held now. */
  get pendingBytes(): number {
    return this.partialBytes;
  }
}
