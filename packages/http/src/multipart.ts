import { UsageError } from '@nettk/core';
import { isToken } from './headers.js';

export interface MultipartPart {
  name: string;
  data: Buffer;
  /** Present for file parts: sent as `filename="..."`. */
  filename?: string | undefined;
  /** Part Content-Type; RFC 7578 §4.4 lets text fields go without one (text/plain). */
  contentType?: string | undefined;
}

export interface MultipartBody {
  boundary: string;
  /** The request's Content-Type value, boundary quoted when it needs to be. */
  contentType: string;
  body: Buffer;
}

// RFC 2046 §5.1.1: bchars = bcharsnospace / " "; 1-70 of them, not ending in a space.
const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function checkBoundary(boundary: string): void {
  if (!BCHARS.test(boundary) || boundary.endsWith(' ')) {
    throw new UsageError(`bad boundary "${boundary}": 1-70 letters, digits or '()+_,-./:=? and spaces, not ending in a space (RFC 2046 §5.1.1)`);
  }
}

/**
 * node:crypto loads only when a boundary is drawn: importing it costs every
 * `nettk http` start-up ~20 modules. getBuiltinModule, not import(): the CLI
 * bundle runs from a V8 code cache where import() is unavailable.
 */
function randomBytes(n: number): Uint8Array {
  const crypto = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  return crypto.randomBytes(n);
}

/** A boundary of 24 random letters and digits after a fixed prefix (52 characters). */
export function randomBoundary(): string {
  const bytes = randomBytes(24);
  let out = '----------------nettk';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/**
 * A field name or filename inside a quoted-string, escaped as the WHATWG
 * multipart/form-data algorithm, browsers and undici do (RFC 7578 §4.2 forbids
 * `filename*`): line breaks become CRLF, then CR → %0D, LF → %0A, `"` → %22.
 */
export function escapeFormName(name: string): string {
  return name.replace(/\r\n|\r|\n/g, '\r\n').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function partHead(part: MultipartPart): Buffer {
  let disposition = `Content-Disposition: form-data; name="${escapeFormName(part.name)}"`;
  if (part.filename !== undefined) disposition += `; filename="${escapeFormName(part.filename)}"`;
  const lines = [disposition];
  if (part.contentType !== undefined) {
    if (/[\r\n\0]/.test(part.contentType)) throw new UsageError(`bad type "${part.contentType}" for part "${part.name}": contains CR, LF or NUL`);
    lines.push(`Content-Type: ${part.contentType}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

/** The part (head and data) that contains the boundary, if any. */
function partContaining(heads: Buffer[], parts: readonly MultipartPart[], boundary: string): MultipartPart | undefined {
  const needle = Buffer.from(boundary, 'latin1');
  return parts.find((p, i) => p.data.includes(needle) || heads[i]!.includes(needle));
}

/**
 * Build a multipart/form-data body (RFC 7578, RFC 2046 §5.1.1): `--B` before
 * every part, `--B--` to close, CRLF everywhere. A random boundary is
 * re-drawn if it occurs in any part; a fixed one (`--boundary`) that occurs
 * in a part is a usage error, since the body would be ambiguous.
 */
export function buildMultipart(parts: readonly MultipartPart[], options: { boundary?: string | undefined } = {}): MultipartBody {
  const heads = parts.map(partHead);
  let boundary: string;
  if (options.boundary !== undefined) {
    boundary = options.boundary;
    checkBoundary(boundary);
    const clash = partContaining(heads, parts, boundary);
    if (clash) throw new UsageError(`boundary "${boundary}" occurs inside part "${clash.name}": choose another --boundary`);
  } else {
    let tries = 0;
    do {
      // 24 random characters from 62 practically never collide; the bound keeps the loop finite anyway.
      if (++tries > 16) throw new UsageError('could not draw a boundary absent from every part');
      boundary = randomBoundary();
    } while (partContaining(heads, parts, boundary));
  }
  const delimiter = Buffer.from(`--${boundary}\r\n`, 'latin1');
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    pieces.push(delimiter, heads[i]!, part.data, Buffer.from('\r\n', 'latin1'));
  });
  pieces.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  // RFC 2045 §5.1: a parameter value that is not a token must be quoted.
  const param = isToken(boundary) ? boundary : `"${boundary}"`;
  return { boundary, contentType: `multipart/form-data; boundary=${param}`, body: Buffer.concat(pieces) };
}
