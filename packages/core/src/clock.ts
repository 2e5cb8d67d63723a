/**
 * Milliseconds on a monotonic clock, for durations and deadlines. Use this,
 * not performance.now(): the `performance` global loads node:perf_hooks on
 * first use (~2 ms of every short command's start-up), and every package
 * must read the same clock because timings are passed between them (dial's
 * startedAt continues into HTTP's time to first byte).
 */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
