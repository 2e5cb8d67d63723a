import { monotonicMs } from '@nettk/core';
import { debuglog } from 'node:util';
import { formatMs } from './durations.js';
import type { Executor } from './executors.js';
import { broken, fail, outcomeFromError, type CheckOutcome, type CheckResult } from './outcome.js';
import type { Check } from './types.js';

const debug = debuglog('nettk');

export interface RunCheckOptions {
  /** Cancels the check (Ctrl-C, a scrape that gave up). */
  signal?: AbortSignal | undefined;
  /** Overrides the check's own timeout with a shorter one (a scrape's remaining budget). */
  timeoutMs?: number | undefined;
}

/**
 * One attempt under a hard deadline: the executor is told through its
 * signal, and if it does not return in time the attempt is reported as a
 * timeout anyway, so a check can never outlive its deadline.
 */
async function attempt(check: Check, executor: Executor, timeoutMs: number, parent: AbortSignal | undefined): Promise<CheckOutcome> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      resolve(fail('timeout', `no result within ${formatMs(timeoutMs)}`));
      controller.abort(new Error('deadline'));
    }, timeoutMs);
  });
  const cancelled = new Promise<CheckOutcome>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(broken('aborted', 'cancelled')), { once: true });
  });
  // The executor's own waits end a little earlier, so its precise verdict (no-response, a stalled body) beats the generic timeout.
  const inner = Math.max(1, timeoutMs - Math.min(50, timeoutMs * 0.1));
  const work = executor(check, { signal: controller.signal, timeoutMs: inner }).catch(outcomeFromError);
  try {
    // A deadline that fires first wins over the abort it triggers.
    return await Promise.race([work, deadline, cancelled]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
    if (!controller.signal.aborted) controller.abort(new Error('done'));
  }
}

/** Run one check: attempts until one passes or `retries` are spent, each with the check's deadline. */
export async function runCheck(check: Check, executor: Executor, options: RunCheckOptions = {}): Promise<CheckResult> {
  const startedAt = new Date().toISOString();
  const t0 = monotonicMs();
  const timeoutMs = Math.max(1, Math.min(check.timeoutMs, options.timeoutMs ?? Infinity));
  let outcome: CheckOutcome = broken('aborted', 'cancelled');
  let attempts = 0;
  while (attempts <= check.retries && !options.signal?.aborted) {
    attempts++;
    outcome = await attempt(check, executor, timeoutMs, options.signal);
    debug('check %s attempt %d: %s %s', check.name, attempts, outcome.status, outcome.reason);
    if (outcome.status === 'pass' || outcome.reason === 'aborted') break;
  }
  return {
    ...outcome,
    name: check.name,
    kind: check.kindName,
    tags: check.tags,
    line: check.line,
    durationMs: monotonicMs() - t0,
    attempts,
    startedAt,
  };
}
