import { describe, expect, it } from 'vitest';
import { formatStatusSpec, parseStatusSpec, statusMatches } from './status-spec.js';

describe('status expectations', () => {
  it('reads codes, classes, ranges and lists', () => {
    expect(parseStatusSpec(200)).toEqual([[200, 200]]);
    expect(parseStatusSpec('2xx')).toEqual([[200, 299]]);
    expect(parseStatusSpec('200-204, 3XX')).toEqual([[200, 204], [300, 399]]);
  });

  it('names what is wrong with a bad spec', () => {
    expect(parseStatusSpec('20')).toBe('bad status "20": use 200, 2xx, 200-299 or a list');
    expect(parseStatusSpec('299-200')).toBe('bad status range "299-200": start is after end');
    expect(parseStatusSpec(99)).toMatch(/bad status "99"/);
    expect(parseStatusSpec('600')).toBe('status 600 is outside 100-599');
  });

  it('matches a status against the ranges and prints them back compactly', () => {
    const ranges = parseStatusSpec('2xx,304') as Array<[number, number]>;
    expect(statusMatches(204, ranges)).toBe(true);
    expect(statusMatches(304, ranges)).toBe(true);
    expect(statusMatches(301, ranges)).toBe(false);
    expect(formatStatusSpec(ranges)).toBe('2xx, 304');
    expect(formatStatusSpec([[200, 204]])).toBe('200-204');
  });
});
