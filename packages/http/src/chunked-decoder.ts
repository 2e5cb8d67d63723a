import { LimitError, ProtocolError, visible } from '@nettk/core';
import { FieldSectionParser, type FieldSection, type HeadLimits } from './field-section.js';

/** One chunk extension (RFC 9112 §7.1.1): `;name` or `;name=value` (quoted values unquoted). */
export type ChunkExtension = [name: string, value: string | null];

export type ChunkedEvent =
  | { type: 'chunk'; size: number; extensions: ChunkExtension[] }
  | { type: 'data'; data: Buffer }
  | { type: 'trailers'; section: FieldSection }
  | { type: 'warning'; message: string };

type State = 'size' | 'data' | 'data-cr' | 'data-lf' | 'trailers' | 'done';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Push decoder for the chunked transfer coding (RFC 9112 §7.1): chunk-size
 * lines with extensions, chunk data, the last chunk, then the trailer section.
 * Data is passed through as slices of the input, never copied or buffered.
 */
export class ChunkedDecoder {
  private state: State = 'size';
  private line: Buffer[] = [];
  private lineBytes = 0;
  private remaining = 0;
  private trailers: FieldSectionParser | undefined;
  private warnedBareLf = false;
  /** Decoded body bytes so far. */
  bodyBytes = 0;

  constructor(
    private readonly limits: HeadLimits,
    private readonly maxChunkLineBytes = 4096,
  ) {}

  /** Where the decoder stopped, for error messages when the peer closes early. */
  describe(): string {
    if (this.state === 'data') return `inside a chunk (${this.remaining} bytes of it missing)`;
    if (this.state === 'trailers') return 'inside the trailer section';
    return 'before the last chunk (0)';
  }

  /** Consume from offset; returns the offset past the end of the message, or -1 when more is needed. */
  feed(chunk: Buffer, offset: number, emit: (event: ChunkedEvent) => void): number {
    let at = offset;
    while (at < chunk.length) {
      switch (this.state) {
        case 'size': {
          const nl = chunk.indexOf(LF, at);
          const end = nl < 0 ? chunk.length : nl;
          if (this.lineBytes + end - at > this.maxChunkLineBytes) {
            throw new LimitError(`chunk-size line longer than ${this.maxChunkLineBytes} bytes`);
          }
          this.line.push(chunk.subarray(at, end));
          this.lineBytes += end - at;
          if (nl < 0) return -1;
          at = nl + 1;
          const line = Buffer.concat(this.line, this.lineBytes);
          this.line = [];
          this.lineBytes = 0;
          this.onSizeLine(line, emit);
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, chunk.length - at);
          emit({ type: 'data', data: chunk.subarray(at, at + n) });
          this.remaining -= n;
          this.bodyBytes += n;
          at += n;
          if (this.remaining === 0) this.state = 'data-cr';
          break;
        }
        case 'data-cr':
        case 'data-lf': {
          const b = chunk[at]!;
          if (b === CR && this.state === 'data-cr') {
            this.state = 'data-lf';
            at++;
          } else if (b === LF) {
            if (this.state === 'data-cr') this.bareLf(emit);
            this.state = 'size';
            at++;
          } else {
            throw new ProtocolError(`chunk data not followed by CRLF (got "${visible(chunk.subarray(at, at + 1), { keepNewlines: false })}"): the chunk size is wrong`);
          }
          break;
        }
        case 'trailers': {
          const end = this.trailers!.feed(chunk, at);
          if (end < 0) return -1;
          const section = this.trailers!.result();
          for (const message of section.warnings) emit({ type: 'warning', message });
          emit({ type: 'trailers', section });
          this.state = 'done';
          return end;
        }
        case 'done':
          return at;
      }
    }
    return this.state === 'done' ? at : -1;
  }

  private bareLf(emit: (event: ChunkedEvent) => void): void {
    if (this.warnedBareLf) return;
    this.warnedBareLf = true;
    emit({ type: 'warning', message: 'bare LF line ending in the chunked body (accepted, RFC 9112 §2.2)' });
  }

  private onSizeLine(raw: Buffer, emit: (event: ChunkedEvent) => void): void {
    let line = raw;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    else this.bareLf(emit);
    const text = line.toString('latin1');
    // RFC 9112 §7.1: chunk-size = 1*HEXDIG, then BWS before any ";" extension.
    const m = /^([0-9A-Fa-f]+)[ \t]*(;.*)?$/s.exec(text);
    if (!m) throw new ProtocolError(`bad chunk size line "${visible(line.subarray(0, 40), { keepNewlines: false })}": expected hex digits`);
    const digits = m[1]!.replace(/^0+(?=.)/, '');
    if (digits.length > 13) throw new ProtocolError(`chunk size 0x${m[1]} too large`);
    const size = parseInt(digits, 16);
    const extensions = m[2] ? parseExtensions(m[2]) : [];
    emit({ type: 'chunk', size, extensions });
    if (size === 0) {
      // RFC 9112 §7.1.2: the last chunk is followed by an optional trailer section and an empty line.
      this.trailers = new FieldSectionParser(this.limits, 'trailer', false);
      this.state = 'trailers';
    } else {
      this.remaining = size;
      this.state = 'data';
    }
  }
}

/** `;a=1;b="x;y";c` → [[a,1],[b,x;y],[c,null]]; lenient: unknown syntax is kept as a name. */
export function parseExtensions(text: string): ChunkExtension[] {
  const out: ChunkExtension[] = [];
  const re = /;[ \t]*([^;=\s]+)[ \t]*(?:=[ \t]*("(?:[^"\\]|\\.)*"|[^;\s]*))?[ \t]*/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const raw = m[2];
    const value = raw === undefined ? null : raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    out.push([m[1]!, value]);
    if (re.lastIndex >= text.length) break;
  }
  return out;
}
