import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { probeCheck } from '../../../test/fixtures/check/checks.js';
import type { Executor } from './executors.js';
import { fail, pass } from './outcome.js';
import { runCheck } from './run-check.js';
import { exitCodeForRun, runChecks } from './runner.js';

describe('running one check', () => {
  it('reports a check that never answers as a timeout at its deadline', async () => {
    let aborted = false;
    const never: Executor = (_check, ctx) =>
      new Promise(() => {
        ctx.signal.addEventListener('abort', () => (aborted = true));
      });
    const t0 = performance.now();
    const r = await runCheck(probeCheck({ timeoutMs: 150 }), never);
    const ms = performance.now() - t0;
    expect(r.status).toBe('fail');
    expect(r.reason).toBe('timeout');
    expect(r.message).toBe('no result within 150.0 ms');
    expect(ms).toBeGreaterThanOrEqual(145);
    expect(ms).toBeLessThan(1000);
    expect(aborted).toBe(true);
  });

  it('retries a failed attempt until one passes', async () => {
    let calls = 0;
    const flaky: Executor = async () => (++calls < 3 ? fail('conn-refused', 'refused') : pass('ok'));
    const r = await runCheck(probeCheck({ retries: 2 }), flaky);
    expect([r.status, r.attempts, calls]).toEqual(['pass', 3, 3]);
  });

  it('stops after the last retry and keeps the last failure', async () => {
    let calls = 0;
    const r = await runCheck(probeCheck({ retries: 1 }), async () => fail('status-mismatch', `status 50${++calls}`));
    expect([r.status, r.reason, r.message, r.attempts]).toEqual(['fail', 'status-mismatch', 'status 502', 2]);
  });

  it('turns an executor that throws into an error result instead of crashing the run', async () => {
    const r = await runCheck(probeCheck(), async () => {
      throw new TypeError('boom');
    });
    expect([r.status, r.reason, r.message]).toEqual(['error', 'internal', 'boom']);
  });

  it('gives a shorter timeout precedence over the check\'s own', async () => {
    const r = await runCheck(probeCheck({ timeoutMs: 5000 }), () => new Promise(() => {}), { timeoutMs: 50 });
    expect(r.reason).toBe('timeout');
    expect(r.durationMs).toBeLessThan(1000);
  });
});

describe('running many checks', () => {
  it('never has more checks in flight than the concurrency, and keeps the runbook order', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Executor = async (check) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(check.name === 'c0' ? 60 : 10);
      inFlight--;
      return pass(check.name);
    };
    const checks = Array.from({ length: 20 }, (_, i) => probeCheck({ name: `c${i}` }));
    const finished: string[] = [];
    const report = await runChecks(checks, { concurrency: 4, executorFor: () => slow, onResult: (r) => finished.push(r.name) });
    expect(peak).toBe(4);
    expect(report.results.map((r) => r.name)).toEqual(checks.map((c) => c.name));
    expect(finished[0]).not.toBe('c0');
    expect(report.summary).toMatchObject({ total: 20, passed: 20, failed: 0, errors: 0 });
    expect(exitCodeForRun(report.summary)).toBe(0);
  });

  it('exits 1 for a failure and 3 when a check could not run', () => {
    expect(exitCodeForRun({ total: 2, passed: 1, failed: 1, errors: 0, durationMs: 1 })).toBe(1);
    expect(exitCodeForRun({ total: 3, passed: 1, failed: 1, errors: 1, durationMs: 1 })).toBe(3);
  });

  it('stops starting checks once cancelled', async () => {
    const controller = new AbortController();
    const checks = Array.from({ length: 10 }, (_, i) => probeCheck({ name: `c${i}` }));
    const report = await runChecks(checks, {
      concurrency: 1,
      signal: controller.signal,
      executorFor: () => async (check) => {
        if (check.name === 'c2') controller.abort();
        return pass('ok');
      },
    });
    expect(report.results.length).toBe(3);
  });
});
