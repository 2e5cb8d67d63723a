import { UsageError } from '@nettk/core';

export interface RawRequestScan {
  /** The method of each request found, in order (pipelined requests give several). */
  methods: string[];
  /** Some line ends with LF alone. */
  bareLf: boolean;
  /** Things a server will trip over, for stderr: nothing is fixed, only said. */
  warnings: string[];
}

const MAX_REQUESTS = 1000;

function headEnd(bytes: Buffer, from: number): { end: number; bodyAt: number } | undefined {
  const crlf = bytes.indexOf('\r\n\r\n', from, 'latin1');
  const lf = bytes.indexOf('\n\n', from, 'latin1');
  if (crlf < 0 && lf < 0) return undefined;
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return { end: lf, bodyAt: lf + 2 };
  return { end: crlf, bodyAt: crlf + 4 };
}

/** Where a chunked body ends, or undefined when it does not end in these bytes. */
function chunkedEnd(bytes: Buffer, from: number): number | undefined {
  let at = from;
  for (let n = 0; n < 1_000_000; n++) {
    const nl = bytes.indexOf(0x0a, at);
    if (nl < 0) return undefined;
    const size = parseInt(bytes.toString('latin1', at, nl).trim().split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) return undefined;
    at = nl + 1;
    if (size === 0) {
      const end = headEnd(bytes, at - 2);
      return end ? end.bodyAt : undefined;
    }
    at += size;
    if (bytes[at] === 0x0d) at++;
    if (bytes[at] !== 0x0a) return undefined;
    at++;
  }
  return undefined;
}

/**
 * Read what a raw request (`nettk http --raw`) will ask, without changing a
 * byte: how many requests it holds (pipelining) and their methods, so the
 * response framer knows how many responses to wait for and which are to HEAD.
 */
export function scanRawRequests(bytes: Buffer): RawRequestScan {
  if (bytes.length === 0) throw new UsageError('nothing to send: the raw request is empty');
  const methods: string[] = [];
  const warnings: string[] = [];
  let at = 0;
  let bareLf = false;
  const checkLf = (from: number, to: number): void => {
    if (!bareLf && /(^|[^\r])\n/.test(bytes.toString('latin1', from, to))) bareLf = true;
  };
  while (at < bytes.length && methods.length < MAX_REQUESTS) {
    // RFC 9112 §2.2: empty lines before a request line are ignored by servers.
    while (at < bytes.length && (bytes[at] === 0x0d || bytes[at] === 0x0a)) at++;
    if (at >= bytes.length) break;
    const lineEnd = bytes.indexOf(0x0a, at);
    const requestLine = bytes.toString('latin1', at, lineEnd < 0 ? bytes.length : lineEnd).replace(/\r$/, '');
    const method = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) /.exec(requestLine)?.[1];
    methods.push(method ?? 'GET');
    if (!method || !/ HTTP\/\d\.\d$/.test(requestLine)) {
      warnings.push(`"${requestLine.slice(0, 60)}" is not a request line (METHOD TARGET HTTP/1.1): the server will probably answer 400`);
    }
    const end = headEnd(bytes, at);
    checkLf(at, end ? end.bodyAt : bytes.length);
    if (!end) {
      warnings.push('the request does not end with an empty line (\\r\\n\\r\\n): the server will wait for the rest of the header section');
      break;
    }
    const head = bytes.toString('latin1', at, end.end);
    const length = /^content-length:[ \t]*(\d+)[ \t]*\r?$/im.exec(head)?.[1];
    const chunked = /^transfer-encoding:.*chunked[ \t]*\r?$/im.test(head);
    if (chunked) {
      const bodyEnd = chunkedEnd(bytes, end.bodyAt);
      if (bodyEnd === undefined) {
        warnings.push('the chunked request body does not end with a last chunk (0\\r\\n\\r\\n): the server will wait for it');
        break;
      }
      at = bodyEnd;
    } else if (length !== undefined) {
      const missing = end.bodyAt + Number(length) - bytes.length;
      if (missing > 0) {
        warnings.push(`Content-Length ${length} but only ${Number(length) - missing} body bytes follow: the server will wait for ${missing} more`);
        break;
      }
      at = end.bodyAt + Number(length);
    } else {
      at = end.bodyAt;
    }
  }
  if (bareLf) warnings.unshift('the request has bare LF line ends (\\n without \\r): sent as they are, but many servers reject them (RFC 9112 §2.2); write \\r\\n');
  return { methods, bareLf, warnings };
}
