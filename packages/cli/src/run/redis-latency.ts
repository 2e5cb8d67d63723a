import { ExitCode, monotonicMs } from '@nettk/core';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { connectRedis, type Target } from './redis-connect.js';
import { interruptFlag } from './redis-io.js';
import { outputStyle } from './redis-output.js';

/** redis-cli samples every 10 ms (LATENCY_SAMPLE_RATE). */
const SAMPLE_EVERY_MS = 10;
const MAX_SAMPLES = 1_000_000;

export interface LatencyStats {
  min_us: number;
  max_us: number;
  avg_us: number;
  p50_us: number;
  p99_us: number;
  samples: number;
  seconds: number;
}

/** Summary of round-trip samples in microseconds (nearest-rank percentiles). */
export function latencyStats(samples: number[], seconds: number): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const sum = samples.reduce((a, b) => a + b, 0);
  const r = (n: number): number => Math.round(n * 10) / 10;
  return {
    min_us: r(sorted[0] ?? 0),
    max_us: r(sorted[sorted.length - 1] ?? 0),
    avg_us: r(samples.length ? sum / samples.length : 0),
    p50_us: r(rank(50)),
    p99_us: r(rank(99)),
    samples: samples.length,
    seconds: Math.round(seconds * 100) / 100,
  };
}

function human(s: LatencyStats): string {
  return `min: ${s.min_us} µs, avg: ${s.avg_us} µs, max: ${s.max_us} µs, p50: ${s.p50_us} µs, p99: ${s.p99_us} µs (${s.samples} samples)`;
}

/**
 * --latency / --latency-history: PING round trips timed in microseconds
 * (redis-cli counts whole milliseconds, so loopback shows as 0). On a
 * terminal the line updates in place until Ctrl-C; otherwise --latency runs
 * for -i seconds (default 1) and prints one line `min max avg p50 p99
 * samples` (or one JSON document), and --latency-history prints a line per
 * interval (-r N intervals, default until Ctrl-C).
 */
export async function runLatency(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const style = outputStyle(o, io);
  const live = style === 'tty';
  const history = o.latencyHistory;
  const intervalMs = (o.interval > 0 ? o.interval : history ? 15 : live ? Infinity : 1) * 1000;
  const client = await connectRedis(o, io, target);
  const stop = interruptFlag(() => wake?.());
  let wake: (() => void) | undefined;
  let samples: number[] = [];
  let started = monotonicMs();
  let intervals = 0;
  const summary = (): LatencyStats => latencyStats(samples, (monotonicMs() - started) / 1000);
  const print = (stats: LatencyStats): void => {
    if (style === 'json') io.stdout.write(JSON.stringify(stats) + '\n');
    else if (live) io.stdout.write(`\x1b[0G\x1b[2K${human(stats)} -- ${stats.seconds.toFixed(2)} seconds range\n`);
    else io.stdout.write(`${stats.min_us} ${stats.max_us} ${stats.avg_us} ${stats.p50_us} ${stats.p99_us} ${stats.samples}\n`);
  };
  try {
    client.setCommandTimeout(o.commandTimeout > 0 ? o.commandTimeout * 1000 : o.timeout * 1000);
    while (!stop.set) {
      const t0 = monotonicMs();
      await client.call('PING');
      if (samples.length < MAX_SAMPLES) samples.push((monotonicMs() - t0) * 1000);
      if (live) io.stdout.write(`\x1b[0G\x1b[2K${human(summary())}`);
      if (monotonicMs() - started >= intervalMs) {
        print(summary());
        if (!history || (o.repeat !== undefined && o.repeat > 0 && ++intervals >= o.repeat)) return ExitCode.ok;
        samples = [];
        started = monotonicMs();
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, SAMPLE_EVERY_MS);
      });
    }
    // Ctrl-C: a live line ends with its summary; a script gets the figures so far.
    if (samples.length > 0) print(summary());
  } finally {
    stop.dispose();
    await client.close();
  }
  return ExitCode.ok;
}
