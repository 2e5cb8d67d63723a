import { UsageError } from '@nettk/core';
import { checkHeaderName, checkHeaderValue, headerTokens, isToken, type HeaderList } from './headers.js';
import { checkRequestTarget } from './url.js';

/** A header the user asked for; value null removes a default field (curl's `-H 'Name:'`). */
export interface HeaderOverride {
  name: string;
  value: string | null;
}

export interface RequestSpec {
  method: string;
  /** Origin-form target: `/path?query`. */
  target: string;
  /** Host field value (`example.com:8080`). */
  host: string;
  headers?: HeaderOverride[];
  /** Request content; undefined = no content and no Content-Length. */
  body?: Buffer | undefined;
  /** Default Content-Type for the body (overridden by a user header). */
  contentType?: string | undefined;
  /** Leave the connection open for more requests (no `Connection: close`). */
  keepAlive?: boolean;
  userAgent: string;
}

export interface BuiltRequest {
  method: string;
  target: string;
  /** Every field in the order it is sent. */
  headers: HeaderList;
  /** Request line, fields and the empty line. */
  head: Buffer;
  /** Content as sent (chunk-encoded when the user set Transfer-Encoding: chunked). */
  body: Buffer;
  bytes: number;
  /** The user asked for `Expect: 100-continue`: send the head, wait for 100 (or a final answer), then the body. */
  expectContinue: boolean;
}

/**
 * Write an HTTP/1.1 request (RFC 9112 §3): request line, Host first
 * (RFC 9110 §7.2), User-Agent, Accept, Content-Type, Content-Length counted
 * in bytes, `Connection: close` unless kept alive. A user header replaces the
 * default of the same name where it stands; extra ones follow in order.
 */
export function buildRequest(spec: RequestSpec): BuiltRequest {
  if (!isToken(spec.method)) throw new UsageError(`bad method "${spec.method}": a token such as GET or POST`);
  checkRequestTarget(spec.target);
  const body = spec.body;
  const defaults: HeaderList = [
    ['Host', spec.host],
    ['User-Agent', spec.userAgent],
    ['Accept', '*/*'],
  ];
  if (body !== undefined && spec.contentType) defaults.push(['Content-Type', spec.contentType]);
  // RFC 9110 §8.6: a user agent sends Content-Length when there is content and no Transfer-Encoding.
  if (body !== undefined) defaults.push(['Content-Length', String(body.length)]);
  if (!spec.keepAlive) defaults.push(['Connection', 'close']);

  const headers: Array<[string, string] | null> = [...defaults];
  const replaced = new Set<string>();
  for (const { name, value } of spec.headers ?? []) {
    checkHeaderName(name);
    if (value !== null) checkHeaderValue(name, value);
    const key = name.toLowerCase();
    // Only defaults are replaced: a user header given twice is sent twice.
    const at = replaced.has(key) ? -1 : defaults.findIndex((h) => h[0].toLowerCase() === key);
    if (at >= 0) {
      replaced.add(key);
      headers[at] = value === null ? null : [name, value];
    } else if (value !== null) {
      headers.push([name, value]);
    }
  }
  let fields = headers.filter((h): h is [string, string] => h !== null);
  let content = body ?? Buffer.alloc(0);
  if (headerTokens(fields, 'transfer-encoding').at(-1) === 'chunked') {
    // RFC 9112 §6.2: no Content-Length alongside Transfer-Encoding; the content is sent as one chunk.
    if (!replaced.has('content-length')) fields = fields.filter(([k]) => k.toLowerCase() !== 'content-length');
    content = encodeChunked(content);
  }
  const lines = [`${spec.method} ${spec.target} HTTP/1.1`, ...fields.map(([k, v]) => `${k}: ${v}`), '', ''];
  const head = Buffer.from(lines.join('\r\n'), 'utf8');
  return {
    method: spec.method,
    target: spec.target,
    headers: fields,
    head,
    body: content,
    bytes: head.length + content.length,
    expectContinue: headerTokens(fields, 'expect').includes('100-continue'),
  };
}

/** Content as one chunk plus the last chunk (RFC 9112 §7.1); empty content is only the last chunk. */
export function encodeChunked(content: Buffer): Buffer {
  if (content.length === 0) return Buffer.from('0\r\n\r\n', 'latin1');
  return Buffer.concat([Buffer.from(`${content.length.toString(16)}\r\n`, 'latin1'), content, Buffer.from('\r\n0\r\n\r\n', 'latin1')]);
}

/** RFC 7617: `Authorization: Basic base64(user:password)` from URL credentials. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
