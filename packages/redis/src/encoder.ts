import { NettkError } from '@nettk/core';
/** A command argument: text is sent as UTF-8, numbers in decimal, bytes as they are. */
export type CommandArg = string | Buffer | Uint8Array | number | bigint;

/** Throws a usage error naming argument `index` unless it is text, a number or bytes. */
export function checkArg(arg: unknown, index: number): void {
  const t = typeof arg;
  if (t === 'string' || t === 'number' || t === 'bigint' || arg instanceof Uint8Array) return;
  throw new NettkError('NETTK_ERR_USAGE', `redis: command argument ${index + 1} is ${arg === null ? 'null' : t}, not text, a number or bytes`);
}

/**
 * Bigger than the 64 KiB a connection or batch writes at (FLUSH_AT), so that
 * the command that crosses 64 KiB still fits: each write is then one chunk
 * and, once the socket has taken it, the same scratch is reused (recycle()).
 */
const SCRATCH = 96 * 1024;
/** Text up to this many characters is copied from JS when it turns out to be ASCII. */
const SHORT_TEXT = 64;
/** Arguments at least this big are sent as their own chunk instead of being copied. */
const ZERO_COPY_MIN = 16 * 1024;

/**
 * Encodes commands as RESP arrays of bulk strings (the only request form
 * Redis parses for binary data) into one growing scratch buffer, so a
 * pipeline of many commands becomes one socket write. take() hands out what
 * was written; handed-out bytes are never overwritten (the scratch moves on).
 */
export class CommandEncoder {
  private scratch: Buffer = Buffer.allocUnsafeSlow(SCRATCH);
  private start = 0;
  private len = 0;
  private ready: Buffer[] = [];
  private readySize = 0;

  /** Bytes encoded and not yet taken. */
  get pending(): number {
    return this.readySize + this.len - this.start;
  }

  /** One command. Every argument is checked first: a bad one throws before any byte is encoded. */
  write(args: ReadonlyArray<CommandArg>): void {
    for (let i = 0; i < args.length; i++) checkArg(args[i], i);
    this.header(0x2a, args.length);
    for (let i = 0; i < args.length; i++) this.arg(args[i]!);
  }

  /** A command piece by piece, without an array: begin(count), then arg() exactly count times (check them first: checkArg). */
  begin(count: number): void {
    this.header(0x2a, count);
  }

  arg(arg: CommandArg): void {
    if (typeof arg === 'string') this.text(arg);
    else if (typeof arg === 'number' || typeof arg === 'bigint') this.text(String(arg));
    else this.bytes(arg);
  }

  /**
   * The caller holds none of the chunks take() handed out any more (the
   * socket has written them all): the scratch buffer is reused from its
   * start instead of a fresh one being allocated for the next 64 KiB.
   */
  recycle(): void {
    if (this.len === this.start && this.readySize === 0) {
      this.start = 0;
      this.len = 0;
    }
  }

  /** Bytes sent as they are (an inline command, a raw --pipe stream). */
  writeRaw(bytes: Buffer): void {
    this.cut();
    this.ready.push(bytes);
    this.readySize += bytes.length;
  }

  /** Everything encoded since the last take(), in order. */
  take(): Buffer[] {
    this.cut();
    const out = this.ready;
    this.ready = [];
    this.readySize = 0;
    return out;
  }

  private cut(): void {
    if (this.len > this.start) {
      this.ready.push(this.scratch.subarray(this.start, this.len));
      this.readySize += this.len - this.start;
      this.start = this.len;
    }
  }

  private room(n: number): void {
    if (this.len + n <= this.scratch.length) return;
    this.cut();
    this.scratch = Buffer.allocUnsafeSlow(Math.max(SCRATCH, n));
    this.start = 0;
    this.len = 0;
  }

  /** `*N\r\n` or `$N\r\n`, digits written by hand: no string is made per argument. */
  private header(type: number, n: number): void {
    this.room(24);
    const buf = this.scratch;
    let at = this.len;
    buf[at++] = type;
    if (n < 10) buf[at++] = 48 + n;
    else if (n < 100) {
      buf[at++] = 48 + ((n / 10) | 0);
      buf[at++] = 48 + (n % 10);
    } else at += buf.write(String(n), at, 'latin1');
    buf[at++] = 13;
    buf[at++] = 10;
    this.len = at;
  }

  private text(s: string): void {
    const length = s.length;
    // Up to 64 characters, copy as ASCII from JS and check as we go: two calls
    // into C++ (byteLength, write) cost more than the loop (100k SETs of
    // 24-byte values: 35 ms -> 12 ms). The first non-ASCII character sends
    // the string to the UTF-8 encoder instead, which writes over what this
    // loop wrote (this.len has not moved).
    if (length <= SHORT_TEXT) {
      // `$`, up to two digits, CRLF, the text, CRLF.
      if (this.len + length + 7 > this.scratch.length) this.room(length + 7);
      const buf = this.scratch;
      let at = this.len;
      buf[at++] = 0x24;
      if (length < 10) buf[at++] = 48 + length;
      else {
        buf[at++] = 48 + ((length / 10) | 0);
        buf[at++] = 48 + (length % 10);
      }
      buf[at++] = 13;
      buf[at++] = 10;
      let i = 0;
      for (; i < length; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[at + i] = c;
      }
      if (i === length) {
        at += length;
        buf[at++] = 13;
        buf[at++] = 10;
        this.len = at;
        return;
      }
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.header(0x24, n);
    this.room(n + 2);
    const buf = this.scratch;
    buf.write(s, this.len, n, 'utf8');
    this.len += n;
    buf[this.len++] = 13;
    buf[this.len++] = 10;
  }

  private bytes(b: Uint8Array): void {
    const n = b.length;
    this.header(0x24, n);
    if (n >= ZERO_COPY_MIN) {
      this.cut();
      this.ready.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      this.readySize += n;
      this.room(2);
    } else {
      this.room(n + 2);
      this.scratch.set(b, this.len);
      this.len += n;
    }
    this.scratch[this.len++] = 13;
    this.scratch[this.len++] = 10;
  }
}

/** One command as a RESP array of bulk strings. */
export function encodeCommand(args: ReadonlyArray<CommandArg>): Buffer {
  const encoder = new CommandEncoder();
  encoder.write(args);
  const parts = encoder.take();
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
