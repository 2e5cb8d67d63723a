import { setMaxListeners } from 'node:events';
import { ExitCode, UsageError, monotonicMs } from '@nettk/core';
import type { Executor } from './executors.js';
import { executorFor } from './executors.js';
import type { CheckResult } from './outcome.js';
import { runCheck } from './run-check.js';
import type { Check } from './types.js';

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  durationMs: number;
}

export interface RunReport {
  /** In the order the checks were given, whatever order they finished in. */
  results: CheckResult[];
  summary: RunSummary;
  startedAt: string;
}

export interface RunOptions {
  /** Checks in flight at once (the runbook's defaults.concurrency). */
  concurrency: number;
  signal?: AbortSignal | undefined;
  onStart?: ((check: Check, index: number) => void) | undefined;
  onResult?: ((result: CheckResult, index: number) => void) | undefined;
  /** Runs a check of a given kind (default: the toolkit's executors); programs may add their own. */
  executorFor?: ((check: Check) => Executor) | undefined;
}

export function summarize(results: readonly CheckResult[], durationMs: number): RunSummary {
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const r of results) {
    if (r.status === 'pass') passed++;
    else if (r.status === 'fail') failed++;
    else errors++;
  }
  return { total: results.length, passed, failed, errors, durationMs };
}

/**
 * 0 when every check passed, 1 when any failed, 3 when nettk could not run
 * one (its verdict is then incomplete, which outranks a failure).
 */
export function exitCodeForRun(summary: RunSummary): number {
  if (summary.errors > 0) return ExitCode.runtime;
  if (summary.failed > 0) return ExitCode.negative;
  return ExitCode.ok;
}

/** Run checks with at most `concurrency` in flight, each under its own deadline. */
export async function runChecks(checks: readonly Check[], options: RunOptions): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const t0 = monotonicMs();
  const results: CheckResult[] = new Array(checks.length);
  // One signal for this run, listened to by every check in flight (so not capped at EventTarget's default of 10).
  const run = new AbortController();
  setMaxListeners(0, run.signal);
  const onAbort = (): void => run.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < checks.length && !run.signal.aborted) {
      const index = next++;
      const check = checks[index]!;
      options.onStart?.(check, index);
      const result = await runCheck(check, (options.executorFor ?? executorFor)(check), { signal: run.signal });
      results[index] = result;
      options.onResult?.(result, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, checks.length)) }, worker);
  await Promise.all(workers);
  options.signal?.removeEventListener('abort', onAbort);
  const done = results.filter((r): r is CheckResult => r !== undefined);
  return { results: done, summary: summarize(done, monotonicMs() - t0), startedAt };
}

/**
 * The checks `--only NAME...` and `--tag TAG...` pick: names exactly, tags
 * any-of; both given = both must hold. A name or tag that matches nothing is
 * a usage error: a typo must not silently run an empty runbook.
 */
export function selectChecks(checks: readonly Check[], only: readonly string[] = [], tags: readonly string[] = []): Check[] {
  const names = new Set(checks.map((c) => c.name));
  const missing = only.filter((n) => !names.has(n));
  if (missing.length > 0) {
    throw new UsageError(`no check named ${missing.map((n) => JSON.stringify(n)).join(', ')} (checks: ${[...names].slice(0, 20).join(', ')}${names.size > 20 ? ', ...' : ''})`);
  }
  const known = new Set(checks.flatMap((c) => c.tags));
  const unknownTags = tags.filter((t) => !known.has(t));
  if (unknownTags.length > 0) {
    throw new UsageError(`no check has tag ${unknownTags.map((t) => JSON.stringify(t)).join(', ')} (tags: ${[...known].join(', ') || 'none'})`);
  }
  const picked = checks.filter((c) => (only.length === 0 || only.includes(c.name)) && (tags.length === 0 || c.tags.some((t) => tags.includes(t))));
  if (picked.length === 0) throw new UsageError('--only and --tag together select no check');
  return picked;
}
