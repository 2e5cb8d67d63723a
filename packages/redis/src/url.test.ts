import { describe, expect, it } from 'vitest';
import { UsageError } from '@nettk/core';
import { parseRedisUrl } from './url.js';

describe('parseRedisUrl', () => {
  it('reads user, password, host, port and db', () => {
    expect(parseRedisUrl('redis://bob:p%40ss@db.example:6380/2')).toEqual({ host: 'db.example', port: 6380, tls: false, username: 'bob', password: 'p@ss', db: 2 });
  });
  it('treats userinfo without a colon as the password, as redis-cli does', () => {
    expect(parseRedisUrl('redis://secret@h')).toMatchObject({ username: undefined, password: 'secret', port: 6379 });
    expect(parseRedisUrl('redis://:secret@h')).toMatchObject({ username: undefined, password: 'secret' });
  });
  it('turns TLS on for rediss:// and reads IPv6 hosts', () => {
    expect(parseRedisUrl('rediss://[::1]:7000')).toMatchObject({ host: '::1', port: 7000, tls: true });
  });
  it('rejects other schemes and bad databases with a usage error', () => {
    expect(() => parseRedisUrl('http://h')).toThrow(UsageError);
    expect(() => parseRedisUrl('redis://h/abc')).toThrow(/bad database "abc"/);
    expect(() => parseRedisUrl('not a url')).toThrow(UsageError);
  });
});
