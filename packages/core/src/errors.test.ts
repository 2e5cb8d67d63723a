import { describe, expect, it } from 'vitest';
import { classifyError } from './classify.js';
import { ExitCode, LimitError, NegativeAnswer, NettkError, ProtocolError, TimeoutError, UsageError, exitCodeFor, oneLineMessage } from './errors.js';

describe('exit codes', () => {
  it('maps usage to 2, negative answers to 1, and everything else to 3', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new NegativeAnswer())).toBe(ExitCode.negative);
    expect(exitCodeFor(new ProtocolError('x'))).toBe(ExitCode.runtime);
    expect(exitCodeFor(new TimeoutError('x'))).toBe(ExitCode.runtime);
    expect(exitCodeFor(new LimitError('x'))).toBe(ExitCode.runtime);
    expect(exitCodeFor(new Error('plain'))).toBe(ExitCode.runtime);
    expect(exitCodeFor('a string')).toBe(ExitCode.runtime);
    expect(exitCodeFor(new NettkError('NETTK_ERR_NETWORK', 'x', { exitCode: 1 }))).toBe(1);
  });

  it('keeps the cause and a stable code', () => {
    const cause = new Error('inner');
    const err = new ProtocolError('outer', { cause });
    expect(err.cause).toBe(cause);
    expect(err.code).toBe('NETTK_ERR_PROTOCOL');
  });

  it('reduces any message to its first line', () => {
    expect(oneLineMessage(new Error('first\nsecond'))).toBe('first');
    expect(oneLineMessage(new Error(''))).toBe('Error');
  });
});

describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 'closed', 'conn-refused'],
    ['EHOSTUNREACH', 'unreachable', 'host-unreach'],
    ['ENETUNREACH', 'unreachable', 'net-unreach'],
    ['EACCES', 'filtered', 'admin-prohibited'],
    ['ETIMEDOUT', 'filtered', 'no-response'],
    ['ENOTFOUND', 'dns', 'nxdomain'],
    ['EAI_AGAIN', 'dns', 'dns-timeout'],
    ['EADDRNOTAVAIL', 'local', 'addr-not-avail'],
    ['EMFILE', 'local', 'fd-limit'],
  ])('classifies %s as %s (%s), keeping the errno', (code, state, reason) => {
    const c = classifyError(Object.assign(new Error(code), { code }));
    expect(c).toMatchObject({ state, reason, errno: code });
  });

  it('calls an unknown error local', () => {
    expect(classifyError(new Error('weird')).state).toBe('local');
  });
});
