import { describe, expect, it } from 'vitest';
import { listen } from '../../../test/helpers/servers.js';
import { MAX_CONSECUTIVE_LOCAL_ERRORS, runConnectLoop, type LoopProgress } from './connect-loop.js';
import { freeReproduciblePort } from './free-ports.test-util.js';
import { assessPort } from './port-assessment.js';
import { readPortFacts } from './port-facts.js';

const facts = await readPortFacts();

/** An idle port that connect() is never handed (odd neighbour of a reproducible one, or just above the range). */
async function unreachablePort(): Promise<number> {
  const even = await freeReproduciblePort();
  const odd = even + 1;
  return assessPort(odd, facts).verdict === 'reproducible' ? even - 1 : odd;
}

describe('runConnectLoop', () => {
  it('stops after maxAttempts on a port the kernel never hands out, every connect refused', async () => {
    const port = await unreachablePort();
    const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port, maxAttempts: 500, timeoutMs: 10_000, guard: false });
    expect(r.stop).toBe('max-attempts');
    expect(r.attempts).toBe(500);
    expect(r.refused).toBe(500);
    expect(r.otherFailures).toBe(0);
    expect(r.connection).toBeUndefined();
    expect(r.perSecond).toBeGreaterThan(0);
  });

  it('stops at its single deadline, not after the attempts', async () => {
    const port = await unreachablePort();
    const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port, maxAttempts: 10_000_000, timeoutMs: 150, guard: false });
    expect(r.stop).toBe('timeout');
    expect(r.elapsedMs).toBeGreaterThanOrEqual(149);
    expect(r.elapsedMs).toBeLessThan(2000);
    expect(r.attempts).toBeLessThan(10_000_000);
  });

  it('stops when aborted and reports progress while it runs', async () => {
    const port = await unreachablePort();
    const controller = new AbortController();
    const seen: LoopProgress[] = [];
    const r = await runConnectLoop({
      address: '127.0.0.1',
      family: 4,
      port,
      maxAttempts: 10_000_000,
      timeoutMs: 10_000,
      guard: false,
      signal: controller.signal,
      progressIntervalMs: 20,
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === 3) controller.abort();
      },
    });
    expect(r.stop).toBe('aborted');
    expect(seen).toHaveLength(3);
    expect(seen[2]!.attempts).toBeGreaterThan(seen[0]!.attempts);
    expect(r.elapsedMs).toBeLessThan(5000);
  });

  it('does not start when the signal is already aborted', async () => {
    const r = await runConnectLoop({
      address: '127.0.0.1',
      family: 4,
      port: await unreachablePort(),
      maxAttempts: 10,
      timeoutMs: 1000,
      guard: false,
      signal: AbortSignal.abort(),
    });
    expect(r).toMatchObject({ stop: 'aborted', attempts: 0 });
  });

  it('stops at once with "listener" when a real server answers', async () => {
    const server = await listen();
    try {
      const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port: server.port, maxAttempts: 100, timeoutMs: 5000, guard: false });
      expect(r.stop).toBe('listener');
      expect(r.attempts).toBe(1);
      expect(r.answeredBy).toEqual({ address: '127.0.0.1', port: server.port });
      expect(r.connection).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('gives up with "local-error" when connects keep failing for another reason than a refusal', async () => {
    // TCP to the broadcast address is refused by routing (ENETUNREACH): no packet leaves.
    const r = await runConnectLoop({ address: '255.255.255.255', family: 4, port: 9, maxAttempts: 10_000, timeoutMs: 10_000, guard: false });
    expect(r.stop).toBe('local-error');
    expect(r.attempts).toBe(MAX_CONSECUTIVE_LOCAL_ERRORS);
    expect(r.otherFailures).toBe(MAX_CONSECUTIVE_LOCAL_ERRORS);
    expect(r.lastFailure?.errno).toBe('ENETUNREACH');
  });
});
