import { UsageError } from '@nettk/core';

export interface HttpTarget {
  /** The URL as WHATWG URL normalised it. */
  href: string;
  scheme: 'http' | 'https';
  /** Host to dial: a name or an IP literal without brackets. */
  host: string;
  port: number;
  /** RFC 9110 §7.2: Host = uri-host [ ":" port ], the port only when not the scheme's default. */
  hostHeader: string;
  /** RFC 9112 §3.2.1 origin-form: absolute path and query, never empty. */
  target: string;
  username: string;
  password: string;
}

/**
 * Parse a URL the way curl users type it: `http://`, `https://`, or no
 * scheme at all (http). Anything else is a usage error naming the problem.
 */
export function parseHttpUrl(input: string): HttpTarget {
  const text = input.trim();
  if (text === '') throw new UsageError('empty URL');
  if (/[\s\0]/.test(text)) throw new UsageError(`bad URL "${input}": contains whitespace or control characters (percent-encode them)`);
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`bad URL "${input}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`unsupported scheme "${url.protocol.slice(0, -1)}" in "${input}": nettk http speaks http:// and https://`);
  }
  if (url.hostname === '') throw new UsageError(`bad URL "${input}": no host`);
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  if (port === 0) throw new UsageError(`bad URL "${input}": port 0`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    href: url.href,
    scheme,
    host,
    port,
    hostHeader: url.host,
    target: `${url.pathname === '' ? '/' : url.pathname}${url.search}`,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** A user-supplied request target (`--request-target`): any visible ASCII, no spaces (RFC 9112 §3.2). */
export function checkRequestTarget(target: string): void {
  if (target === '' || !/^[\x21-\x7e]+$/.test(target)) {
    throw new UsageError(`bad request target "${target}": visible ASCII without spaces (percent-encode the rest)`);
  }
}
