import { describe, expect, it } from 'vitest';
import type { PortFacts } from './port-facts.js';
import { buildReport } from './report.js';

const facts: PortFacts = { range: [32768, 60999], reserved: [], kernel: '6.1.0' };
const KEYS = ['port', 'host', 'range', 'reproduced', 'attempts', 'elapsedMs', 'local', 'remote', 'guard'];

describe('buildReport', () => {
  it('fills the issue’s schema for a reproduction', () => {
    const end = { address: '127.0.0.1', port: 50000 };
    const r = buildReport({ address: '127.0.0.1', port: 50000, facts }, { attempts: 7, elapsedMs: 1.23456, guard: false, guardFired: 0, local: end, remote: end });
    expect(Object.keys(r)).toEqual(KEYS);
    expect(r).toEqual({
      port: 50000,
      host: '127.0.0.1',
      range: [32768, 60999],
      reproduced: true,
      attempts: 7,
      elapsedMs: 1.235,
      local: end,
      remote: end,
      guard: { enabled: false, fired: 0 },
    });
  });

  it('keeps every key, with null ends, when nothing was reproduced', () => {
    const r = buildReport({ address: '::1', port: 50000, facts }, { attempts: 100, elapsedMs: 5, guard: true, guardFired: 2 });
    expect(Object.keys(r)).toEqual(KEYS);
    expect(r).toMatchObject({ reproduced: false, local: null, remote: null, guard: { enabled: true, fired: 2 } });
  });
});
