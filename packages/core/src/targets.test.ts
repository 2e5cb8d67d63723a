import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { expandPorts, formatHostPort, parseHost, parseHostList, parseHostPort, parsePort, parsePortSpec } from './targets.js';

describe('parsePortSpec', () => {
  it('accepts a single port, a range, a list and service names', () => {
    expect(parsePortSpec('80')).toEqual([[80, 80]]);
    expect(parsePortSpec('20-30')).toEqual([[20, 30]]);
    expect(parsePortSpec('22,80,443')).toEqual([[22, 22], [80, 80], [443, 443]]);
    expect(parsePortSpec('ssh,http,https,redis')).toEqual([[22, 22], [80, 80], [443, 443], [6379, 6379]]);
    expect(parsePortSpec('1-65535')).toEqual([[1, 65535]]);
    expect(parsePortSpec('ssh-http')).toEqual([[22, 80]]);
  });

  it.each([
    ['0', '"0"'],
    ['65536', '"65536"'],
    ['80-20', '"80-20"'],
    ['abc', '"abc"'],
    ['', 'empty'],
    ['22,,80', 'empty entry'],
    ['1-2-3', '"1-2-3"'],
    ['-5', '"-5"'],
    ['8o', '"8o"'],
  ])('rejects %j with a usage error naming the token', (spec, named) => {
    expect(() => parsePortSpec(spec)).toThrow(UsageError);
    expect(() => parsePortSpec(spec)).toThrow(named);
  });

  it('expands and dedupes specs in first-seen order', () => {
    expect(expandPorts(['22', '20-23', 'ssh'])).toEqual([22, 20, 21, 23]);
    expect(expandPorts(['1-65535'])).toHaveLength(65535);
  });
});

describe('parsePort', () => {
  it('reads numbers at the edges and service names from the table', () => {
    expect(parsePort('1')).toBe(1);
    expect(parsePort('65535')).toBe(65535);
    expect(parsePort('postgresql')).toBe(5432);
  });
});

describe('parseHost and parseHostPort', () => {
  it('classifies literals and names', () => {
    expect(parseHost('127.0.0.1')).toEqual({ host: '127.0.0.1', family: 4 });
    expect(parseHost('::1')).toEqual({ host: '::1', family: 6 });
    expect(parseHost('[::1]')).toEqual({ host: '::1', family: 6 });
    expect(parseHost('localhost')).toEqual({ host: 'localhost', family: 0 });
    expect(parseHost('db-1.example.com.')).toEqual({ host: 'db-1.example.com.', family: 0 });
  });

  it.each(['', '   ', '[::1', '::1]', '[127.0.0.1]', '999.1.1.1', 'bad host', 'a..b', '-x.example', 'x_'.repeat(200)])(
    'rejects host %j',
    (h) => {
      expect(() => parseHost(h)).toThrow(UsageError);
    },
  );

  it('splits host:port, [v6]:port and bare IPv6', () => {
    expect(parseHostPort('127.0.0.1:22')).toEqual({ host: '127.0.0.1', family: 4, port: 22 });
    expect(parseHostPort('[::1]:6379')).toEqual({ host: '::1', family: 6, port: 6379 });
    expect(parseHostPort('[::1]')).toEqual({ host: '::1', family: 6, port: undefined });
    expect(parseHostPort('::1')).toEqual({ host: '::1', family: 6, port: undefined });
    expect(parseHostPort('example.com:https')).toEqual({ host: 'example.com', family: 0, port: 443 });
    expect(parseHostPort('example.com')).toEqual({ host: 'example.com', family: 0, port: undefined });
  });

  it('rejects broken host:port forms', () => {
    expect(() => parseHostPort('[::1')).toThrow('missing "]"');
    expect(() => parseHostPort('[::1]x')).toThrow(UsageError);
    expect(() => parseHostPort('host:')).toThrow('missing port');
    expect(() => parseHostPort('host:0')).toThrow('"0"');
    expect(() => parseHostPort(':80')).toThrow('empty host');
  });

  it('parses host lists and formats host:port with IPv6 brackets', () => {
    expect(parseHostList('a.example,127.0.0.1').map((h) => h.host)).toEqual(['a.example', '127.0.0.1']);
    expect(() => parseHostList('a,,b')).toThrow('empty entry');
    expect(formatHostPort('::1', 80)).toBe('[::1]:80');
    expect(formatHostPort('10.0.0.1', 80)).toBe('10.0.0.1:80');
  });
});
