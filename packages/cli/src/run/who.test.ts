import { describe, expect, it } from 'vitest';
import { UsageError } from '@nettk/core';
import { parseWhoTarget } from './who.js';

describe('parseWhoTarget', () => {
  it.each([
    ['8080', { port: 8080, host: null }],
    [':8080', { port: 8080, host: null }],
    ['redis', { port: 6379, host: null }],
    ['127.0.0.1:80', { port: 80, host: '127.0.0.1' }],
    ['[::1]:443', { port: 443, host: '::1' }],
    ['localhost:22', { port: 22, host: 'localhost' }],
  ])('reads %s', (input, target) => {
    expect(parseWhoTarget(input)).toEqual(target);
  });

  it.each([['0'], [':'], ['127.0.0.1'], ['::1'], ['[::1]'], ['host:'], ['nosuchservice']])('rejects %s with a usage error', (input) => {
    expect(() => parseWhoTarget(input)).toThrow(UsageError);
  });
});
