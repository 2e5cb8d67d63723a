import { roundMs } from '@nettk/core';
import type { CheckResult } from './outcome.js';
import type { RunReport } from './runner.js';

/** One check as --json / --ndjson print it (stable field names; times in ms). */
export function resultJson(r: CheckResult): Record<string, unknown> {
  const timings: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.timings)) if (typeof v === 'number') timings[k] = roundMs(v);
  return {
    name: r.name,
    kind: r.kind,
    tags: r.tags,
    line: r.line,
    status: r.status,
    reason: r.reason,
    message: r.message,
    ms: roundMs(r.durationMs),
    attempts: r.attempts,
    startedAt: r.startedAt,
    timings,
    ...(r.details ? { details: r.details } : {}),
  };
}

export function reportJson(report: RunReport, file: string): Record<string, unknown> {
  return {
    file,
    startedAt: report.startedAt,
    checks: report.results.map(resultJson),
    summary: { ...report.summary, durationMs: roundMs(report.summary.durationMs) },
  };
}
