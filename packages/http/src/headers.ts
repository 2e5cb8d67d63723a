import { UsageError } from '@nettk/core';

/** Header fields in wire order, names as sent or received (case kept). */
export type HeaderList = Array<[name: string, value: string]>;

// RFC 9110 §5.6.2: token = 1*tchar.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/** Every value of a field, in order (names compare case-insensitively, RFC 9110 §5.1). */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const [k, v] of headers) if (k.toLowerCase() === wanted) out.push(v);
  return out;
}

/** The first value of a field, or undefined. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * The comma-separated list elements of a field across all its lines
 * (RFC 9110 §5.3: several field lines combine into one list), lower-cased, empty elements dropped.
 */
export function headerTokens(headers: HeaderList, name: string): string[] {
  return listTokens(headerValues(headers, name));
}

/** RFC 9110 §5.3: the list elements of every line of a field, lower-cased, empty ones dropped. */
export function listTokens(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of lines) {
    for (const part of value.split(',')) {
      const t = part.trim().toLowerCase();
      if (t !== '') out.push(t);
    }
  }
  return out;
}

/** Reject a field name a server would choke on: the user sees the bad header named. */
export function checkHeaderName(name: string): void {
  if (!isToken(name)) throw new UsageError(`bad header name "${name}": use letters, digits and !#$%&'*+-.^_\`|~ only`);
}

/** RFC 9110 §5.5: CR, LF and NUL are never allowed in a field value (header injection). */
export function checkHeaderValue(name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new UsageError(`header "${name}" contains CR, LF or NUL: not allowed in a field value`);
}

/**
 * A `-H` argument the way curl reads it: `Name: value` sets a field,
 * `Name:` (nothing after the colon) removes a default field, `Name;` sends the field empty.
 */
export function parseHeaderOption(input: string): { name: string; value: string | null } {
  const colon = input.indexOf(':');
  if (colon < 0) {
    if (input.endsWith(';') && input.length > 1) {
      const name = input.slice(0, -1).trim();
      checkHeaderName(name);
      return { name, value: '' };
    }
    throw new UsageError(`bad header "${input}": expected "Name: value"`);
  }
  const name = input.slice(0, colon);
  if (name !== name.trim()) throw new UsageError(`bad header "${input}": no whitespace allowed before the colon (RFC 9112 §5.1)`);
  checkHeaderName(name);
  const value = input.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  checkHeaderValue(name, value);
  return { name, value: value === '' ? null : value };
}

/** `decodeFieldBytes` of bytes[start, end), without a slice when they are ASCII (the usual case). */
export function decodeFieldRange(bytes: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return decodeFieldBytes(bytes.subarray(start, end));
  return bytes.toString('latin1', start, end);
}

/** Field bytes decoded as UTF-8 when they are valid UTF-8, else Latin-1 (RFC 9110 §5.5 obs-text). */
export function decodeFieldBytes(bytes: Buffer): string {
  let ascii = true;
  for (const b of bytes) {
    if (b >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return bytes.toString('latin1');
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') && !bytes.includes(Buffer.from('\ufffd', 'utf8')) ? bytes.toString('latin1') : text;
}
