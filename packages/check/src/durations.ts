/** Longest deadline a runbook may set: a check that needs more is a job, not a check. */
export const MAX_DURATION_MS = 3_600_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration as a runbook writes it: a number of seconds (`2`, `0.5`) or a
 * number with a unit (`500ms`, `2s`, `1.5m`, `1h`), as Prometheus and Go do.
 * Returns milliseconds, or a reason string when it is not one.
 */
export function parseDuration(value: string | number): number | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return `must be > 0 seconds, got ${value}`;
    return check(value * 1000, String(value));
  }
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!m) return `bad duration ${JSON.stringify(value)}: use seconds (2, 0.5) or a unit (500ms, 2s, 1m)`;
  return check(Number(m[1]) * UNITS[m[2] ?? 's']!, value);
}

function check(ms: number, text: string): number | string {
  if (ms <= 0) return `must be > 0, got ${JSON.stringify(text)}`;
  if (ms > MAX_DURATION_MS) return `${JSON.stringify(text)} is longer than 1h`;
  return ms;
}

/** `1.5 ms`, `230 ms`, `2.01 s`: what human output prints. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
