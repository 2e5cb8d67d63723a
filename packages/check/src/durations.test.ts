import { describe, expect, it } from 'vitest';
import { formatMs, parseDuration } from './durations.js';

describe('durations', () => {
  it('reads plain seconds and Prometheus-style units', () => {
    expect(parseDuration(2)).toBe(2000);
    expect(parseDuration(0.25)).toBe(250);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('3')).toBe(3000);
  });

  it('rejects zero, negatives, garbage and anything past an hour', () => {
    expect(parseDuration(0)).toMatch(/must be > 0/);
    expect(parseDuration(-1)).toMatch(/must be > 0/);
    expect(parseDuration('0s')).toMatch(/must be > 0/);
    expect(parseDuration('2x')).toMatch(/^bad duration "2x"/);
    expect(parseDuration('2h')).toBe('"2h" is longer than 1h');
  });

  it('formats milliseconds for humans', () => {
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(230.4)).toBe('230.4 ms');
    expect(formatMs(2010)).toBe('2.01 s');
  });
});
