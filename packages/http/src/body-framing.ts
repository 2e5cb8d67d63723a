import { ProtocolError, visible } from '@nettk/core';
import { listTokens, type HeaderList } from './headers.js';
import type { StatusLine } from './status-line.js';

/** A field value from the server, safe to put in a message that reaches a terminal. */
const shown = (value: string): string => visible(value, { keepNewlines: false });

/** How the end of a response body is found (RFC 9112 §6.3). */
export type Framing = 'content-length' | 'chunked' | 'close' | 'none';

export interface FramingDecision {
  framing: Framing;
  /** Body length for `content-length`, 0 for `none`, undefined otherwise. */
  length: number | undefined;
  /** May the connection carry another request after this response (RFC 9112 §9.3)? */
  keepAlive: boolean;
  /** 101 Switching Protocols or a 2xx to CONNECT: the bytes that follow are not HTTP. */
  upgrade: boolean;
  warnings: string[];
}

/** The three fields framing depends on, collected in one pass over the header section. */
interface FramingFields {
  connection: string[];
  transferEncoding: string[];
  contentLength: string[];
}

function framingFields(headers: HeaderList): FramingFields {
  const out: FramingFields = { connection: [], transferEncoding: [], contentLength: [] };
  for (const [name, value] of headers) {
    // Compare lengths first: most fields are none of the three, and lower-casing costs.
    if (name.length === 10 && name.toLowerCase() === 'connection') out.connection.push(value);
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') out.transferEncoding.push(value);
    else if (name.length === 14 && name.toLowerCase() === 'content-length') out.contentLength.push(value);
  }
  return out;
}

/**
 * Content-Length as RFC 9110 §8.6 defines it: 1*DIGIT; a list of identical
 * values (duplicate fields or `5, 5`) may be taken as one value; anything
 * else is invalid framing. Undefined when the field is absent.
 */
function contentLength(lines: string[], warnings: string[]): number | undefined {
  if (lines.length === 0) return undefined;
  // The usual case: one field, one value.
  if (lines.length === 1 && /^\d{1,15}$/.test(lines[0]!)) return Number(lines[0]);
  const values = lines.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const v of values) {
    if (!/^\d+$/.test(v)) throw new ProtocolError(`invalid Content-Length "${shown(lines.join(', '))}": must be digits only (RFC 9110 §8.6)`);
    if (!Number.isSafeInteger(Number(v))) throw new ProtocolError(`invalid Content-Length "${shown(v)}": too large`);
  }
  const distinct = new Set(values.map(Number));
  if (distinct.size > 1) {
    throw new ProtocolError(`conflicting Content-Length values ${[...distinct].join(' and ')}: the response framing cannot be trusted (RFC 9112 §6.3)`);
  }
  if (values.length > 1) warnings.push(`Content-Length sent ${values.length} times with the same value ${values[0]} (accepted, RFC 9110 §8.6)`);
  return Number(values[0]);
}

/** RFC 9112 §9.3: persistence follows the version and the Connection field. */
function persistent(status: StatusLine, connection: string[]): boolean {
  if (connection.includes('close')) return false;
  if (status.major === 1 && status.minor >= 1) return true;
  return connection.includes('keep-alive');
}

/**
 * Decide how the body of a response is delimited, in the order of RFC 9112
 * §6.3. `requestMethod` matters: a response to HEAD never has a body.
 */
export function decideFraming(status: StatusLine, headers: HeaderList, requestMethod: string): FramingDecision {
  const warnings: string[] = [];
  const method = requestMethod.toUpperCase();
  const fields = framingFields(headers);
  let keepAlive = persistent(status, listTokens(fields.connection));
  const code = status.status;

  // §6.3 rule 1: HEAD, 1xx, 204 and 304 end at the empty line after the header section.
  if (code === 101 || (method === 'CONNECT' && code >= 200 && code < 300)) {
    return { framing: 'none', length: 0, keepAlive: false, upgrade: true, warnings };
  }
  if (method === 'HEAD' || (code >= 100 && code < 200) || code === 204 || code === 304) {
    return { framing: 'none', length: 0, keepAlive, upgrade: false, warnings };
  }

  const codings = listTokens(fields.transferEncoding);
  const hasLength = fields.contentLength.length > 0;
  if (codings.length > 0) {
    if (hasLength) {
      // §6.3 rule 3: Transfer-Encoding overrides Content-Length; a sign of smuggling, so never reuse the connection.
      warnings.push('both Transfer-Encoding and Content-Length: Transfer-Encoding wins, Content-Length ignored, connection not reused (RFC 9112 §6.3)');
      keepAlive = false;
    }
    if (status.major === 1 && status.minor === 0) {
      // §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing: close after it.
      warnings.push('Transfer-Encoding in an HTTP/1.0 response: connection not reused (RFC 9112 §6.1)');
      keepAlive = false;
    }
    const chunkedCount = codings.filter((c) => c === 'chunked').length;
    if (chunkedCount > 1) throw new ProtocolError(`Transfer-Encoding "${shown(codings.join(', '))}" applies chunked more than once (RFC 9112 §6.1)`);
    if (codings[codings.length - 1] === 'chunked') {
      if (codings.length > 1) warnings.push(`Transfer-Encoding "${shown(codings.join(', '))}": only chunked is decoded, the body keeps the other codings`);
      return { framing: 'chunked', length: undefined, keepAlive, upgrade: false, warnings };
    }
    // §6.3 rule 4: a response whose final coding is not chunked is read until the server closes.
    warnings.push(`Transfer-Encoding "${shown(codings.join(', '))}" does not end in chunked: body read until the server closes (RFC 9112 §6.3)`);
    return { framing: 'close', length: undefined, keepAlive: false, upgrade: false, warnings };
  }

  const length = contentLength(fields.contentLength, warnings);
  if (length !== undefined) return { framing: 'content-length', length, keepAlive, upgrade: false, warnings };

  // §6.3 rule 8: otherwise the body runs until the server closes the connection.
  return { framing: 'close', length: undefined, keepAlive: false, upgrade: false, warnings };
}
