import { describe, expect, it } from 'vitest';
import { scrapeBudgetMs } from './probe-handler.js';

describe('the scrape budget', () => {
  it('uses the module timeout when Prometheus sends no header', () => {
    expect(scrapeBudgetMs(undefined, 5000, 500)).toBe(5000);
  });

  it('keeps the offset back from the scrape timeout, never exceeding the module timeout', () => {
    expect(scrapeBudgetMs('10', 5000, 500)).toBe(5000);
    expect(scrapeBudgetMs('3', 5000, 500)).toBe(2500);
    expect(scrapeBudgetMs('2.5', 60_000, 500)).toBe(2000);
  });

  it('never outlives a scrape timeout smaller than twice the offset', () => {
    expect(scrapeBudgetMs('0.6', 5000, 500)).toBe(300);
    expect(scrapeBudgetMs('0.01', 5000, 500)).toBe(5);
  });

  it('rejects a header that is not a positive number', () => {
    for (const bad of ['', 'abc', '-1', '0', 'Infinity']) expect(() => scrapeBudgetMs(bad, 5000, 500)).toThrow(/bad X-Prometheus-Scrape-Timeout-Seconds/);
  });
});
