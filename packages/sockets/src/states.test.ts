import { describe, expect, it } from 'vitest';
import { UsageError } from '@nettk/core';
import { CONNECTED_STATES, parseStates, stateLabel } from './states.js';

describe('parseStates', () => {
  it('accepts ss spellings, kernel spellings and short forms', () => {
    expect([...parseStates(['time-wait', 'CLOSE_WAIT', 'estab', 'syn-sent', 'fin-wait-1', 'listening'])]).toEqual([
      'TIME_WAIT', 'CLOSE_WAIT', 'ESTABLISHED', 'SYN_SENT', 'FIN_WAIT1', 'LISTEN',
    ]);
  });

  it('splits comma lists and expands the groups ss knows', () => {
    expect([...parseStates(['established,time-wait'])]).toEqual(['ESTABLISHED', 'TIME_WAIT']);
    expect(parseStates(['bucket'])).toEqual(new Set(['SYN_RECV', 'NEW_SYN_RECV', 'TIME_WAIT']));
    expect(parseStates(['connected'])).toEqual(CONNECTED_STATES);
    expect(parseStates(['all']).has('LISTEN')).toBe(true);
    expect(CONNECTED_STATES.has('LISTEN') || CONNECTED_STATES.has('UNCONN')).toBe(false);
  });

  it('rejects an unknown state with a usage error naming it', () => {
    expect(() => parseStates(['establised'])).toThrow(UsageError);
    expect(() => parseStates(['establised'])).toThrow('"establised"');
  });
});

describe('stateLabel', () => {
  it('prints states as ss does', () => {
    expect(['ESTABLISHED', 'TIME_WAIT', 'FIN_WAIT2', 'UNCONN'].map((s) => stateLabel(s as never))).toEqual(['ESTAB', 'TIME-WAIT', 'FIN-WAIT-2', 'UNCONN']);
  });
});
