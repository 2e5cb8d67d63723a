import { LimitError, ProtocolError, visible } from '@nettk/core';
import { decodeFieldRange, isToken, type HeaderList } from './headers.js';

export interface HeadLimits {
  /** Cap on the bytes of one head (status line + fields) or trailer section. */
  maxHeaderBytes: number;
  /** Cap on the number of fields in one head or trailer section. */
  maxHeaderCount: number;
}

export interface FieldSection {
  /** The start line without its terminator (responses only). */
  startLine: Buffer | undefined;
  fields: HeaderList;
  /** Every line as received, terminator included: what `-i` and `-v` show. */
  lines: Buffer[];
  bytes: number;
  warnings: string[];
}

const SP = 0x20;
const HT = 0x09;
const CR = 0x0d;
const LF = 0x0a;

function snippet(line: Buffer): string {
  const cut = line.length > 60 ? line.subarray(0, 60) : line;
  return visible(cut, { keepNewlines: false }) + (line.length > 60 ? '…' : '');
}

/**
 * Incremental parser of one field section (RFC 9112 §5), optionally preceded
 * by a start line: fed chunk by chunk, it keeps only the unfinished line, so
 * byte-by-byte input costs no more than one big chunk. Caps bytes and fields.
 */
export class FieldSectionParser {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private readonly section: FieldSection = { startLine: undefined, fields: [], lines: [], bytes: 0, warnings: [] };
  private bareLf = false;

  constructor(
    private readonly limits: HeadLimits,
    private readonly what: 'header' | 'trailer',
    private readonly withStartLine: boolean,
  ) {}

  get bytesSeen(): number {
    return this.section.bytes + this.partialBytes;
  }

  /** Consume from `offset`; returns the offset just past the empty line that ends the section, or -1 for more. */
  feed(chunk: Buffer, offset: number): number {
    let at = offset;
    while (at < chunk.length) {
      const nl = chunk.indexOf(LF, at);
      const end = nl < 0 ? chunk.length : nl + 1;
      const piece = chunk.subarray(at, end);
      if (this.section.bytes + this.partialBytes + piece.length > this.limits.maxHeaderBytes) {
        throw new LimitError(`${this.what} section larger than ${this.limits.maxHeaderBytes} bytes without an end (no empty line)`);
      }
      if (nl < 0) {
        this.partial.push(piece);
        this.partialBytes += piece.length;
        return -1;
      }
      const line = this.partial.length === 0 ? piece : Buffer.concat([...this.partial, piece], this.partialBytes + piece.length);
      this.partial = [];
      this.partialBytes = 0;
      at = end;
      if (this.onLine(line)) return at;
    }
    return -1;
  }

  result(): FieldSection {
    return this.section;
  }

  /** True when the line ended the section. Works on index ranges: no slice per field. */
  private onLine(raw: Buffer): boolean {
    const s = this.section;
    s.lines.push(raw);
    s.bytes += raw.length;
    let end = raw.length - 1;
    if (end > 0 && raw[end - 1] === CR) end--;
    else if (!this.bareLf) {
      // RFC 9112 §2.2: a recipient MAY accept a bare LF as a line terminator.
      this.bareLf = true;
      s.warnings.push(`bare LF line ending in the ${this.what} section (accepted, RFC 9112 §2.2)`);
    }
    let line = raw;
    const cr = raw.indexOf(CR);
    if (cr >= 0 && cr < end) {
      // RFC 9112 §2.2: a bare CR may be replaced with SP before the element is interpreted.
      line = Buffer.from(raw.subarray(0, end).map((b) => (b === CR ? SP : b)));
      s.warnings.push(`bare CR inside a ${this.what} line replaced with a space (RFC 9112 §2.2)`);
    }
    if (this.withStartLine && s.startLine === undefined) {
      // RFC 9112 §2.2: empty lines before the start line are skipped.
      if (end > 0) s.startLine = line.subarray(0, end);
      return false;
    }
    if (end === 0) return true;
    if (line[0] === SP || line[0] === HT) {
      const last = s.fields[s.fields.length - 1];
      if (!last) {
        // RFC 9112 §2.2: whitespace-preceded lines before the first field are consumed unprocessed.
        s.warnings.push(`whitespace-preceded line before the first ${this.what} field ignored (RFC 9112 §2.2)`);
        return false;
      }
      // RFC 9112 §5.2: obs-fold is replaced with SP before the value is interpreted.
      last[1] = `${last[1]} ${valueOf(line, 0, end)}`.trim();
      s.warnings.push(`obsolete line folding in ${this.what} "${last[0]}" unfolded (RFC 9112 §5.2)`);
      return false;
    }
    const colon = line.indexOf(0x3a);
    if (colon <= 0 || colon >= end) throw new ProtocolError(`malformed ${this.what} line (no "name:"): "${snippet(line.subarray(0, end))}"`);
    if (line[colon - 1] === SP || line[colon - 1] === HT) {
      throw new ProtocolError(`whitespace between ${this.what} name and colon in "${snippet(line.subarray(0, end))}" (RFC 9112 §5.1)`);
    }
    const name = line.toString('latin1', 0, colon);
    if (!isToken(name)) throw new ProtocolError(`bad ${this.what} name in "${snippet(line.subarray(0, end))}"`);
    if (s.fields.length >= this.limits.maxHeaderCount) {
      throw new LimitError(`more than ${this.limits.maxHeaderCount} ${this.what} fields`);
    }
    s.fields.push([name, valueOf(line, colon + 1, end)]);
    return false;
  }
}

// RFC 9110 §5.5: leading and trailing OWS is not part of the field value.
function valueOf(line: Buffer, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && (line[start] === SP || line[start] === HT)) start++;
  while (end > start && (line[end - 1] === SP || line[end - 1] === HT)) end--;
  return decodeFieldRange(line, start, end);
}
