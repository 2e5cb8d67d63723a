import { LimitError, NettkError, ProtocolError } from '@nettk/core';
import { decideFraming, type Framing } from './body-framing.js';
import { ChunkedDecoder, type ChunkedEvent } from './chunked-decoder.js';
import { FieldSectionParser, type HeadLimits } from './field-section.js';
import type { FramerEvent, FramerOptions, ResponseHead } from './framer-events.js';
import { checkResponsePrefix, parseStatusLine } from './status-line.js';

export type { FramerEvent, FramerOptions, ResponseHead } from './framer-events.js';

type State = 'head' | 'length' | 'chunked' | 'close' | 'done' | 'failed';

const EMPTY = Buffer.alloc(0);
/** Stands for "the first 5 bytes were checked" once they were. */
const PREFIX_DONE = Buffer.alloc(5);

export const DEFAULT_HEAD_LIMITS: HeadLimits = { maxHeaderBytes: 64 * 1024, maxHeaderCount: 256 };

/**
 * The response side of one HTTP/1.1 exchange as a push parser: bytes in,
 * events out (`head` for every 1xx and the final response, `data`, `chunk`,
 * `trailers`, `warning`, then `end` or `error`). It never touches a socket:
 * the caller feeds `push(chunk)` and calls `finish()` when the peer closes.
 * Bytes after the end of the response are kept in `excess` (the next
 * response on a persistent connection).
 */
export class ResponseFramer {
  private state: State = 'head';
  private head: FieldSectionParser;
  private prefix: Buffer = EMPTY;
  private framing: Framing = 'none';
  private remaining = 0;
  private chunked: ChunkedDecoder | undefined;
  private keepAlive = false;
  private upgrade = false;
  private informational = 0;
  private readonly limits: HeadLimits;
  private readonly method: string;
  private excessChunks: Buffer[] = [];
  private excessBytes = 0;
  bodyBytes = 0;
  /** Content-Length of the final response, when it has one. */
  expectedBytes: number | undefined;

  constructor(private readonly options: FramerOptions = {}) {
    this.limits = {
      maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_HEAD_LIMITS.maxHeaderBytes,
      maxHeaderCount: options.maxHeaderCount ?? DEFAULT_HEAD_LIMITS.maxHeaderCount,
    };
    this.method = options.method ?? 'GET';
    this.head = new FieldSectionParser(this.limits, 'header', true);
  }

  get failed(): boolean {
    return this.state === 'failed';
  }

  /** Bytes received after the response ended. */
  get excess(): Buffer {
    return this.excessChunks.length === 1 ? this.excessChunks[0]! : Buffer.concat(this.excessChunks);
  }

  push(chunk: Buffer): FramerEvent[] {
    const events: FramerEvent[] = [];
    if (this.state === 'failed') return events;
    if (this.state === 'done') {
      if (chunk.length > 0) this.excessChunks.push(chunk);
      this.excessBytes += chunk.length;
      return events;
    }
    const excessBefore = this.excessBytes;
    try {
      this.consume(chunk, events);
    } catch (error) {
      this.state = 'failed';
      events.push({ type: 'error', error: error instanceof NettkError ? error : new ProtocolError(String(error), { cause: error }) });
    }
    if (this.options.emitRaw) {
      const mine = chunk.length - (this.excessBytes - excessBefore);
      if (mine > 0) events.unshift({ type: 'raw', data: mine === chunk.length ? chunk : chunk.subarray(0, mine) });
    }
    return events;
  }

  /** The peer closed its side: ends a close-delimited body, anything else unfinished is an error. */
  finish(): FramerEvent[] {
    const events: FramerEvent[] = [];
    if (this.state === 'close') {
      this.end(events);
    } else if (this.state !== 'done' && this.state !== 'failed') {
      const error = this.closedEarly();
      this.state = 'failed';
      events.push({ type: 'error', error });
    }
    return events;
  }

  /** Where the response stands, for timeout messages: `after 3 of 10 body bytes`. */
  describeProgress(): string {
    switch (this.state) {
      case 'head':
        return this.head.bytesSeen === 0 ? 'waiting for the response' : `inside the response head (${this.head.bytesSeen} bytes, no empty line yet)`;
      case 'length':
        return `after ${this.bodyBytes} of ${this.expectedBytes} body bytes`;
      case 'chunked':
        return `${this.chunked!.describe()} after ${this.bodyBytes} body bytes (chunked)`;
      case 'close':
        return `after ${this.bodyBytes} body bytes (body ends when the server closes)`;
      default:
        return this.state;
    }
  }

  private closedEarly(): NettkError {
    if (this.state === 'head') {
      if (this.head.bytesSeen === 0 && this.informational === 0) {
        return new NettkError('NETTK_ERR_NETWORK', 'server closed the connection without sending a response (empty reply)');
      }
      if (this.head.bytesSeen === 0) {
        return new NettkError('NETTK_ERR_NETWORK', `server closed the connection after ${this.informational} informational (1xx) response${this.informational === 1 ? '' : 's'}, before the final response`);
      }
      return new ProtocolError(`connection closed inside the response head (${this.head.bytesSeen} bytes, no empty line ending the header section)`);
    }
    if (this.state === 'length') {
      return new NettkError('NETTK_ERR_NETWORK', `connection closed after ${this.bodyBytes} of ${this.expectedBytes} body bytes (Content-Length)`);
    }
    return new NettkError('NETTK_ERR_NETWORK', `connection closed ${this.chunked!.describe()} after ${this.bodyBytes} body bytes (chunked)`);
  }

  private consume(chunk: Buffer, events: FramerEvent[]): void {
    let at = 0;
    while (at < chunk.length || this.state === 'done') {
      switch (this.state) {
        case 'head': {
          if (this.prefix.length < 5) this.checkPrefix(chunk, at);
          const end = this.head.feed(chunk, at);
          if (end < 0) return;
          at = end;
          this.onHead(events);
          break;
        }
        case 'length': {
          const n = Math.min(this.remaining, chunk.length - at);
          if (n > 0) events.push({ type: 'data', data: chunk.subarray(at, at + n) });
          this.remaining -= n;
          this.bodyBytes += n;
          at += n;
          if (this.remaining === 0) this.end(events);
          break;
        }
        case 'chunked': {
          const end = this.chunked!.feed(chunk, at, (e) => this.onChunked(e, events));
          this.bodyBytes = this.chunked!.bodyBytes;
          if (end < 0) return;
          at = end;
          this.end(events);
          break;
        }
        case 'close':
          events.push({ type: 'data', data: at === 0 ? chunk : chunk.subarray(at) });
          this.bodyBytes += chunk.length - at;
          return;
        case 'done':
          if (at < chunk.length) {
            this.excessChunks.push(chunk.subarray(at));
            this.excessBytes += chunk.length - at;
          }
          return;
        case 'failed':
          return;
      }
    }
  }

  private checkPrefix(chunk: Buffer, at: number): void {
    // Empty lines before the status line are allowed (RFC 9112 §2.2); only look past them.
    let i = at;
    if (this.prefix.length === 0) while (i < chunk.length && (chunk[i] === 0x0d || chunk[i] === 0x0a)) i++;
    // The usual case, a whole status line in one chunk, needs no copy.
    const seen = this.prefix.length === 0 ? chunk.subarray(i, i + 32) : Buffer.concat([this.prefix, chunk.subarray(i, i + 32)]);
    if (seen.length > 0) checkResponsePrefix(seen);
    this.prefix = seen.length >= 5 ? PREFIX_DONE : Buffer.from(seen);
  }

  private onHead(events: FramerEvent[]): void {
    const section = this.head.result();
    const status = parseStatusLine(section.startLine!);
    const decision = decideFraming(status, section.fields, this.method);
    const informational = status.status < 200 && status.status !== 101;
    const head: ResponseHead = {
      httpVersion: status.httpVersion,
      status: status.status,
      reason: status.reason,
      headers: section.fields,
      lines: section.lines,
      bytes: section.bytes,
      informational,
      framing: decision.framing,
    };
    events.push({ type: 'head', head });
    // After the head, so a warning belongs to the response it is about.
    for (const message of section.warnings) events.push({ type: 'warning', message });
    if (informational) {
      // RFC 9110 §15.2: any number of 1xx responses may precede the final one.
      if (++this.informational > (this.options.maxInformational ?? 32)) {
        throw new LimitError(`more than ${this.options.maxInformational ?? 32} informational (1xx) responses`);
      }
      this.head = new FieldSectionParser(this.limits, 'header', true);
      this.prefix = EMPTY;
      return;
    }
    for (const message of decision.warnings) events.push({ type: 'warning', message });
    this.framing = decision.framing;
    this.keepAlive = decision.keepAlive;
    this.upgrade = decision.upgrade;
    if (decision.framing === 'content-length') {
      this.expectedBytes = decision.length;
      this.remaining = decision.length!;
      if (this.remaining === 0) this.end(events);
      else this.state = 'length';
    } else if (decision.framing === 'chunked') {
      this.chunked = new ChunkedDecoder(this.limits, this.options.maxChunkLineBytes);
      this.state = 'chunked';
    } else if (decision.framing === 'close') {
      this.state = 'close';
    } else {
      this.end(events);
    }
  }

  private onChunked(e: ChunkedEvent, events: FramerEvent[]): void {
    if (e.type === 'trailers') events.push({ type: 'trailers', trailers: e.section.fields, lines: e.section.lines });
    else events.push(e);
  }

  private end(events: FramerEvent[]): void {
    this.state = 'done';
    events.push({ type: 'end', framing: this.framing, bodyBytes: this.bodyBytes, keepAlive: this.keepAlive, upgrade: this.upgrade });
  }
}
