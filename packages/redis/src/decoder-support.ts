import { LimitError, ProtocolError, visible } from '@nettk/core';
import { ReplyError, RespBigNumber, RespDouble, type RespValue } from './values.js';
import { utf8 } from './buffer-view.js';

/** Caps that a hostile or broken server cannot get past. */
export interface DecoderLimits {
  /** Largest bulk string (and total of a streamed string), like Redis' proto-max-bulk-len (512 MiB). */
  maxBulkLength: number;
  /** Most elements in one aggregate (pairs for a map). */
  maxAggregateLength: number;
  /** Deepest nesting of aggregates. */
  maxDepth: number;
  /** Longest line (simple string, error, number) before its CRLF. */
  maxLineLength: number;
}

export const DEFAULT_LIMITS: Readonly<DecoderLimits> = {
  maxBulkLength: 512 * 1024 * 1024,
  maxAggregateLength: 1 << 28,
  maxDepth: 128,
  maxLineLength: 16 * 1024 * 1024,
};

export const CR = 13;
export const LF = 10;

const TYPE_NAMES: Record<number, string> = {
  0x2b: 'simple string',
  0x2d: 'error',
  0x3a: 'integer',
  0x24: 'bulk string',
  0x2a: 'array',
  0x5f: 'null',
  0x23: 'boolean',
  0x2c: 'double',
  0x28: 'big number',
  0x21: 'blob error',
  0x3d: 'verbatim string',
  0x25: 'map',
  0x7e: 'set',
  0x7c: 'attribute',
  0x3e: 'push',
  0x3b: 'streamed string chunk',
  0x2e: 'end of streamed aggregate',
};

/** The RESP type named by a type byte, or undefined for a byte that is not RESP. */
export function respTypeName(byte: number): string | undefined {
  return TYPE_NAMES[byte];
}

/** A peer byte shown safely: `"H"`, `"\x15"`. */
export function showByte(byte: number): string {
  return `"${visible(Buffer.of(byte), { keepNewlines: false })}"`;
}

/** A short, escaped excerpt of what the peer sent at `from`. */
export function excerpt(buf: Buffer, from: number, max = 24): string {
  const end = Math.min(buf.length, from + max);
  const lf = buf.indexOf(LF, from);
  const stop = lf !== -1 && lf < end ? Math.max(from + 1, lf - (buf[lf - 1] === CR ? 1 : 0)) : end;
  return visible(buf.subarray(from, stop), { keepNewlines: false }) + (stop < buf.length && stop === end ? '...' : '');
}

/** The error for a byte where a RESP type byte must be, with a guess at what answered instead. */
export function notRespError(buf: Buffer, at: number): ProtocolError {
  const byte = buf[at]!;
  let hint = ' — is this a Redis server?';
  if (byte === 0x15 || byte === 0x16) hint = ' — is this a TLS server? (try --tls)';
  else if (buf.subarray(at, at + 5).toString('latin1') === 'HTTP/') hint = ' — is this a Redis server? (it answers HTTP)';
  else if (buf.subarray(at, at + 4).toString('latin1') === 'SSH-') hint = ' — is this a Redis server? (it is an SSH server)';
  return new ProtocolError(`expected a RESP type byte, got ${showByte(byte)} ("${excerpt(buf, at)}")${hint}`);
}

export function protocolError(message: string): ProtocolError {
  return new ProtocolError(`RESP protocol error: ${message}`);
}

export function limitError(message: string): LimitError {
  return new LimitError(`RESP limit: ${message}`);
}

const MAX_SAFE_DIGITS = 15;

/**
 * An integer from the ASCII digits in buf[from, to): number when exact,
 * bigint past 2^53 (RESP integers are int64). Throws on anything else.
 */
export function parseInteger(buf: Buffer, from: number, to: number, what: string): number | bigint {
  let i = from;
  const negative = buf[i] === 0x2d;
  if (negative || buf[i] === 0x2b) i++;
  if (i >= to) throw protocolError(`empty ${what}`);
  if (to - i <= MAX_SAFE_DIGITS) {
    let n = 0;
    for (; i < to; i++) {
      const c = buf[i]! - 48;
      if (c < 0 || c > 9) throw protocolError(`bad ${what} "${excerpt(buf, from, to - from)}"`);
      n = n * 10 + c;
    }
    return negative ? -n : n;
  }
  const text = buf.toString('latin1', from, to);
  if (!/^[-+]?\d+$/.test(text) || to - i > 20) throw protocolError(`bad ${what} "${excerpt(buf, from, 24)}"`);
  const big = BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** RESP3 `,` payload: decimal, exponent, `inf`, `-inf`, `nan`. */
export function parseDouble(buf: Buffer, from: number, to: number): RespDouble {
  const text = buf.toString('latin1', from, to);
  const lower = text.toLowerCase();
  let value: number;
  if (lower === 'inf' || lower === '+inf') value = Infinity;
  else if (lower === '-inf') value = -Infinity;
  else if (lower === 'nan' || lower === '-nan') value = NaN;
  else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) value = Number(text);
  else throw protocolError(`bad double "${excerpt(buf, from, to - from)}"`);
  return new RespDouble(value, text);
}

/** RESP3 `(` payload: an arbitrary-precision integer. */
export function parseBigNumber(buf: Buffer, from: number, to: number): RespBigNumber {
  const text = buf.toString('latin1', from, to);
  if (!/^[-+]?\d+$/.test(text)) throw protocolError(`bad big number "${excerpt(buf, from, to - from)}"`);
  return new RespBigNumber(BigInt(text));
}

/** The value of a line-type reply (`+ - : _ # , (`) whose text is buf[from, cr). */
export function lineValue(t: number, buf: Buffer, from: number, cr: number): RespValue {
  switch (t) {
    case 0x2b: // + simple string; the common replies need no allocation
      if (cr - from === 2 && buf[from] === 0x4f && buf[from + 1] === 0x4b) return 'OK';
      if (cr - from === 4 && buf[from] === 0x50 && buf[from + 1] === 0x4f && buf[from + 2] === 0x4e && buf[from + 3] === 0x47) return 'PONG';
      return utf8(buf, from, cr);
    case 0x2d:
      return new ReplyError(buf.toString('utf8', from, cr));
    case 0x3a:
      return parseInteger(buf, from, cr, 'integer');
    case 0x5f:
      if (cr !== from) throw protocolError(`null with a payload: "${excerpt(buf, from - 1)}"`);
      return null;
    case 0x23:
      if (cr - from === 1 && buf[from] === 0x74) return true;
      if (cr - from === 1 && buf[from] === 0x66) return false;
      throw protocolError(`bad boolean "${excerpt(buf, from - 1)}" (expected #t or #f)`);
    case 0x2c:
      return parseDouble(buf, from, cr);
    case 0x28:
      return parseBigNumber(buf, from, cr);
    default:
      throw protocolError(`unexpected line type ${showByte(t)}`);
  }
}

export function missingCrlf(n: number, buf: Buffer, at: number): Error {
  return protocolError(`expected CRLF after a ${n}-byte payload, got "${excerpt(buf, at, 8)}"`);
}
