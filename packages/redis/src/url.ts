import { UsageError } from '@nettk/core';

export interface RedisUrl {
  host: string;
  port: number;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
  db: number | undefined;
}

/**
 * `redis://[[user]:pass@]host[:port][/db]` and `rediss://` (TLS), as
 * redis-cli -u and the IANA scheme registration read them. `redis://:pw@h`
 * and `redis://pw@h` are a password without a user.
 */
export function parseRedisUrl(text: string): RedisUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`bad URL "${text}": expected redis://[user:password@]host[:port][/db]`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`bad URL "${text}": the scheme must be redis:// or rediss://`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  let db: number | undefined;
  if (path !== '') {
    if (!/^\d+$/.test(path)) throw new UsageError(`bad database "${path}" in URL "${text}": a number`);
    db = Number(path);
  }
  const decode = (s: string): string | undefined => (s === '' ? undefined : decodeURIComponent(s));
  // redis-cli: userinfo without a colon is the password (`redis://secret@host`).
  const userinfo = /^rediss?:\/\/([^@/]*)@/.exec(text)?.[1];
  const onlyPassword = userinfo !== undefined && !userinfo.includes(':');
  return {
    host,
    port,
    tls: url.protocol === 'rediss:',
    username: onlyPassword ? undefined : decode(url.username),
    password: onlyPassword ? decode(url.username) : decode(url.password),
    db,
  };
}
