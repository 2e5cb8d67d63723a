import { isAscii } from 'node:buffer';
import { debuglog } from 'node:util';
import {
  CR,
  LF,
  excerpt,
  limitError,
  notRespError,
  lineValue,
  missingCrlf,
  protocolError,
  respTypeName,
} from './decoder-support.js';
import { ARRAY, ATTRIBUTE, FrameStack, MAP, PUSH, SET, STREAMED } from './decoder-frames.js';
import { BufferView, utf8, view } from './buffer-view.js';
import { ReplyError, RespVerbatim } from './values.js';

export type { DecoderOptions } from './decoder-frames.js';

const debug = debuglog('nettk');

// Type bytes of values with a length and a payload (RESP3 spec).
const BULK = 0x24; // $
const VERBATIM = 0x3d; // =
const BLOB_ERROR = 0x21; // !
const CHUNK = 0x3b; // ; streamed string part
const DASH = 0x2d;
const DOT = 0x2e; // . ends a streamed aggregate
const EMPTY = Buffer.alloc(0);

// What follows a type byte: a length then a payload, a length then elements, or a line.
const LENGTH_PAYLOAD = 1;
const LENGTH_ELEMENTS = 2;
const LINE = 3;
const KIND = new Uint8Array(256);
for (const b of [BULK, VERBATIM, BLOB_ERROR, CHUNK]) KIND[b] = LENGTH_PAYLOAD;
for (const b of [ARRAY, MAP, SET, PUSH, ATTRIBUTE]) KIND[b] = LENGTH_ELEMENTS;
for (const c of '+-:_#,(.') KIND[c.charCodeAt(0)] = LINE;

/** A length header is at most this long: `$` + 20 digits + CRLF, with room for a sign. */
const MAX_HEADER = 24;

/**
 * With stringBulks, bulk strings up to this many bytes in a chunk of up to
 * CHUNK_TEXT_MAX bytes are cut from the chunk decoded once as text when the
 * chunk is ASCII (one call into C++ per chunk, not one per value; the text
 * is the same as UTF-8 decoding gives). Longer values decode on their own.
 */
const SHORT_BULK = 1024;
const CHUNK_TEXT_MAX = 256 * 1024;
type Latin1Slicer = { latin1Slice?: (start: number, end: number) => string };
const hasLatin1Slice = typeof (Buffer.prototype as unknown as Latin1Slicer).latin1Slice === 'function';

/**
 * A streaming RESP2/RESP3 decoder that never touches a socket: `push(chunk)`
 * calls onReply for every complete reply. It parses by offset within the
 * current chunk, slices a value only once it is complete, copies a value that
 * spans chunks once into a buffer of its exact size, and never re-parses
 * what it already decoded. Past a limit or on bytes that are not RESP it
 * throws a ProtocolError/LimitError and stays failed.
 */
export class RespDecoder extends FrameStack {
  /** An incomplete line (or header) carried into the next chunk, in pieces. */
  private tail: Buffer[] | null = null;
  private tailSize = 0;
  private tailCap = 0;
  /** A payload that spans chunks, collected into a buffer of its exact size (+ CRLF). */
  private bulk: Buffer | null = null;
  private bulkFilled = 0;
  private bulkKind = 0;
  private failure: Error | undefined = undefined;

  /** True at a reply boundary: nothing half-decoded is held. */
  get idle(): boolean {
    return this.stack.length === 0 && this.tail === null && this.bulk === null && this.attrs === undefined;
  }

  /** Bytes held for a reply that is not complete yet. */
  get buffered(): number {
    return this.tailSize + this.bulkFilled;
  }

  push(chunk: Buffer): void {
    if (this.failure !== undefined) throw this.failure;
    try {
      this.feed(chunk);
    } catch (error) {
      this.failure = error as Error;
      this.stack.length = 0;
      this.tail = null;
      this.bulk = null;
      debug('redis decoder failed: %s', (error as Error).message);
      throw error;
    }
  }

  private feed(chunk: Buffer): void {
    let buf = chunk;
    let off = 0;
    if (this.bulk !== null) {
      off = this.continueBulk(chunk);
      if (off < 0) return;
    } else if (this.tail !== null) {
      // The carried piece has no LF (else its line would have ended), so the first LF ends it.
      this.tail.push(chunk);
      this.tailSize += chunk.length;
      if (chunk.indexOf(LF) === -1) {
        if (this.tailSize > this.tailCap) throw limitError(`line longer than ${this.tailCap} bytes without CRLF`);
        return;
      }
      buf = Buffer.concat(this.tail, this.tailSize);
      this.tail = null;
      this.tailSize = 0;
    }
    this.parse(buf, off);
  }

  private parse(buf: Buffer, start: number): void {
    const end = buf.length;
    // Read once per chunk: the getters cost more than the view itself.
    const memory = buf.buffer as ArrayBuffer;
    const base = buf.byteOffset;
    // The chunk as text, decoded at its first short bulk string (stringBulks): 0 not yet, 1 `text` is it, 2 not ASCII.
    let textState = this.stringBulks && hasLatin1Slice && end <= CHUNK_TEXT_MAX ? 0 : 2;
    let text = '';
    let off = start;
    while (off < end) {
      const t = buf[off]!;
      const kind = KIND[t]!;
      if (kind === LINE) {
        const cr = this.lineEnd(buf, off + 1);
        if (cr < 0) return this.saveTail(buf, off, this.limits.maxLineLength);
        const value = t === DOT ? this.endStreamed(buf, off + 1, cr) : lineValue(t, buf, off + 1, cr);
        off = cr + 2;
        if (value !== undefined) this.emit(value);
        continue;
      }
      if (kind === 0) throw notRespError(buf, off);
      // A length: digits up to CR; '-1' and '?' take the slow path.
      let i = off + 1;
      let n = 0;
      let c = 0;
      while (i < end) {
        c = buf[i]!;
        if (c < 48 || c > 57) break;
        n = n * 10 + c - 48;
        i++;
      }
      if (i >= end - 1) {
        if (i - off > MAX_HEADER) throw protocolError(`${respTypeName(t)} length too long: "${excerpt(buf, off)}"`);
        return this.saveTail(buf, off, MAX_HEADER);
      }
      if (c !== CR || i === off + 1 || buf[i + 1] !== LF) {
        off = this.specialHeader(t, buf, off);
        if (off < 0) return;
        continue;
      }
      if (i - off > MAX_HEADER) throw protocolError(`${respTypeName(t)} length too long: "${excerpt(buf, off)}"`);
      const dataStart = i + 2;
      if (kind === LENGTH_ELEMENTS) {
        this.openAggregate(t, n);
        off = dataStart;
        continue;
      }
      if (t === CHUNK && n === 0) {
        // RESP3: `;0` ends a streamed string and has no payload, not even a CRLF.
        off = dataStart;
        this.streamedPart(EMPTY);
        continue;
      }
      if (n > this.limits.maxBulkLength) throw limitError(`${respTypeName(t)} of ${n} bytes is over the ${this.limits.maxBulkLength}-byte cap`);
      const dataEnd = dataStart + n;
      if (dataEnd + 2 > end) return this.startBulk(t, buf, dataStart, n);
      if (buf[dataEnd] !== CR || buf[dataEnd + 1] !== LF) throw missingCrlf(n, buf, dataEnd);
      off = dataEnd + 2;
      if (t === BULK) {
        let value: string | Buffer;
        if (!this.stringBulks) value = new BufferView(memory, base + dataStart, n);
        else {
          if (textState === 0 && n <= SHORT_BULK) {
            textState = isAscii(buf) ? 1 : 2;
            if (textState === 1) text = (buf as unknown as Required<Latin1Slicer>).latin1Slice(0, end);
          }
          value = textState === 1 && n <= SHORT_BULK ? text.substring(dataStart, dataEnd) : utf8(buf, dataStart, dataEnd);
        }
        // Inline the two common cases of emit(): a top-level reply, an element that does not close its array.
        const depth = this.stack.length;
        if (depth === 0) {
          if (this.attrs === undefined) this.onReply(value, undefined);
          else this.emit(value);
        } else {
          const top = this.stack[depth - 1]!;
          if (top.left > 1) {
            top.items[top.n++] = value;
            top.left--;
          } else this.emit(value);
        }
      } else this.payloadDone(t, view(buf, dataStart, dataEnd));
    }
  }

  /** Index of the CR of the line that starts at `from`, or -1 when its CRLF has not arrived. */
  private lineEnd(buf: Buffer, from: number): number {
    const end = buf.length;
    const fast = Math.min(end, from + 32);
    let i = from;
    while (i < fast && buf[i] !== LF) i++;
    if (i === fast) {
      if (fast === end) return -1;
      i = buf.indexOf(LF, fast);
      if (i === -1) return -1;
    }
    if (i === from || buf[i - 1] !== CR) throw protocolError(`line ended with LF but no CR: "${excerpt(buf, Math.max(0, from - 1))}"`);
    if (i - 1 - from > this.limits.maxLineLength) throw limitError(`line of ${i - 1 - from} bytes is over the ${this.limits.maxLineLength}-byte cap`);
    return i - 1;
  }

  private saveTail(buf: Buffer, from: number, cap: number): void {
    const rest = buf.subarray(from);
    if (rest.length > cap + 3) throw limitError(`line longer than ${cap} bytes without CRLF`);
    this.tail = [rest];
    this.tailSize = rest.length;
    this.tailCap = cap + 3;
  }

  /** `$-1`, `*-1` (RESP2 nulls), `$?`, `*?` `%?` `~?` (RESP3 streamed). Returns the next offset. */
  private specialHeader(t: number, buf: Buffer, off: number): number {
    const cr = this.lineEnd(buf, off + 1);
    if (cr < 0) {
      this.saveTail(buf, off, MAX_HEADER);
      return -1;
    }
    const len = cr - off - 1;
    if (len === 2 && buf[off + 1] === DASH && buf[off + 2] === 0x31 && (t === BULK || t === ARRAY)) {
      this.emit(null);
      return cr + 2;
    }
    if (len === 1 && buf[off + 1] === STREAMED && (t === BULK || t === ARRAY || t === MAP || t === SET)) {
      this.pushFrame({ kind: t === BULK ? STREAMED : t, left: -1, items: [], n: 0, parts: t === BULK ? [] : null, size: 0 });
      return cr + 2;
    }
    throw protocolError(`bad ${respTypeName(t)} length "${excerpt(buf, off)}"`);
  }


  private startBulk(t: number, buf: Buffer, dataStart: number, n: number): void {
    // One buffer of the exact size: no quadratic concatenation, no pooled memory a later reply could reuse.
    const dest = n + 2 > 4096 ? Buffer.allocUnsafeSlow(n + 2) : Buffer.allocUnsafe(n + 2);
    this.bulkFilled = buf.copy(dest, 0, dataStart);
    this.bulk = dest;
    this.bulkKind = t;
  }

  /** Feed a spanning payload; returns where the chunk continues after it, or -1 if it is still incomplete. */
  private continueBulk(chunk: Buffer): number {
    const dest = this.bulk!;
    const need = dest.length - this.bulkFilled;
    if (chunk.length < need) {
      this.bulkFilled += chunk.copy(dest, this.bulkFilled);
      return -1;
    }
    chunk.copy(dest, this.bulkFilled, 0, need);
    this.bulk = null;
    this.bulkFilled = 0;
    const n = dest.length - 2;
    if (dest[n] !== CR || dest[n + 1] !== LF) throw missingCrlf(n, dest, n);
    if (this.bulkKind === BULK) this.emit(this.stringBulks ? utf8(dest, 0, n) : view(dest, 0, n));
    else this.payloadDone(this.bulkKind, dest.subarray(0, n));
    return need;
  }

  private payloadDone(t: number, payload: Buffer): void {
    if (t === VERBATIM) {
      // RESP3: three format bytes, a colon, then the text.
      if (payload.length < 4 || payload[3] !== 0x3a) throw protocolError(`verbatim string without a "xxx:" format prefix: "${excerpt(payload, 0, 8)}"`);
      this.emit(new RespVerbatim(payload.toString('latin1', 0, 3), payload.subarray(4)));
    } else if (t === BLOB_ERROR) {
      this.emit(new ReplyError(payload.toString('utf8')));
    } else {
      this.streamedPart(payload);
    }
  }

}
