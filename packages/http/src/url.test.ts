import { describe, expect, it } from 'vitest';
import { parseHttpUrl } from './url.js';

describe('parseHttpUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/a?b=1#frag', { scheme: 'http', host: '127.0.0.1', port: 8080, hostHeader: '127.0.0.1:8080', target: '/a?b=1' }],
    ['localhost:3000', { scheme: 'http', host: 'localhost', port: 3000, hostHeader: 'localhost:3000', target: '/' }],
    ['https://example.com', { scheme: 'https', host: 'example.com', port: 443, hostHeader: 'example.com', target: '/' }],
    ['http://example.com:80/', { port: 80, hostHeader: 'example.com' }],
    ['http://[::1]:9000/x', { host: '::1', port: 9000, hostHeader: '[::1]:9000', target: '/x' }],
    ['http://u%40x:p%3Aw@h/', { username: 'u@x', password: 'p:w', hostHeader: 'h' }],
  ])('reads %s', (input, expected) => {
    expect(parseHttpUrl(input)).toMatchObject(expected);
  });

  it.each([
    ['', /empty URL/],
    ['ftp://x/', /unsupported scheme "ftp"/],
    ['http://exa mple.com/', /whitespace/],
    ['http://:80/', /bad URL/],
    ['http://h:99999/', /bad URL/],
  ])('rejects %j', (input, message) => {
    expect(() => parseHttpUrl(input)).toThrow(message);
  });
});
