import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError, monotonicMs } from '@nettk/core';
import { executorFor } from '../executors.js';
import { runCheck } from '../run-check.js';
import type { Module } from '../types.js';
import { bindTarget } from './bind-target.js';
import type { ExporterMetrics } from './exporter-metrics.js';
import type { Limiter } from './limiter.js';
import { renderProbeMetrics, type PromClient } from './probe-metrics.js';

export const SCRAPE_TIMEOUT_HEADER = 'x-prometheus-scrape-timeout-seconds';

/**
 * How long one /probe request may take. Prometheus sends its scrape timeout
 * in X-Prometheus-Scrape-Timeout-Seconds; like blackbox_exporter we keep an
 * offset back for the reply to travel, but unlike it we never fall back to a
 * longer module timeout when the offset does not fit: a probe must not
 * outlive the scrape, so a tiny timeout keeps half of itself instead.
 */
export function scrapeBudgetMs(header: string | string[] | undefined, moduleTimeoutMs: number, offsetMs: number): number {
  if (header === undefined) return moduleTimeoutMs;
  const text = Array.isArray(header) ? header[0] ?? '' : header;
  const seconds = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`bad X-Prometheus-Scrape-Timeout-Seconds ${JSON.stringify(text.slice(0, 40))}: seconds > 0`);
  }
  const scrapeMs = seconds * 1000;
  const usable = scrapeMs > 2 * offsetMs ? scrapeMs - offsetMs : scrapeMs / 2;
  return Math.max(1, Math.min(moduleTimeoutMs, usable));
}

export interface ProbeHandlerContext {
  prom: PromClient;
  modules: () => ReadonlyMap<string, Module>;
  limiter: Limiter;
  metrics: ExporterMetrics;
  timeoutOffsetMs: number;
  /** Every probe in flight, aborted together when the exporter shuts down. */
  active: Set<AbortController>;
  log: (line: string) => void;
}

/** A one-line reason the client can show (Prometheus prints it as the scrape error). */
export class BadProbeRequest extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * GET /probe?target=...&module=...: one check in the module's shape against
 * the target, answered as Prometheus text with a fresh registry.
 */
export async function handleProbe(url: URL, req: IncomingMessage, res: ServerResponse, ctx: ProbeHandlerContext): Promise<number> {
  const arrived = monotonicMs();
  const moduleName = url.searchParams.get('module');
  const target = url.searchParams.get('target');
  const modules = ctx.modules();
  if (!moduleName) throw new BadProbeRequest(400, 'unknown-module', `missing module parameter (modules: ${[...modules.keys()].join(', ')})`);
  const module = modules.get(moduleName);
  if (!module) throw new BadProbeRequest(400, 'unknown-module', `unknown module "${moduleName.slice(0, 64)}" (modules: ${[...modules.keys()].join(', ')})`);
  if (!target) throw new BadProbeRequest(400, 'bad-target', 'missing target parameter');
  let check;
  try {
    check = bindTarget(module, target);
  } catch (err) {
    throw new BadProbeRequest(400, 'bad-target', (err as Error).message);
  }
  let budgetMs: number;
  try {
    budgetMs = scrapeBudgetMs(req.headers[SCRAPE_TIMEOUT_HEADER], check.timeoutMs, ctx.timeoutOffsetMs);
  } catch (err) {
    throw new BadProbeRequest(400, 'bad-timeout', (err as Error).message);
  }

  // The probe stops when the scraper hangs up or the exporter shuts down; waiting for a slot also ends with the budget.
  // (A set of controllers, not listeners on one shutdown signal or AbortSignal.any: thousands of
  // requests must not pile listeners onto a long-lived signal.)
  const stop = new AbortController();
  ctx.active.add(stop);
  res.once('close', () => {
    if (!res.writableFinished) stop.abort(new Error('client went away'));
  });
  const waiting = new AbortController();
  const onStop = (): void => waiting.abort();
  stop.signal.addEventListener('abort', onStop, { once: true });
  const queueTimer = setTimeout(() => waiting.abort(), budgetMs);
  ctx.metrics.queued.inc();
  const slot = await ctx.limiter.acquire(waiting.signal);
  ctx.metrics.queued.dec();
  clearTimeout(queueTimer);
  stop.signal.removeEventListener('abort', onStop);
  if (typeof slot !== 'function') {
    ctx.active.delete(stop);
    if (slot === 'queue-full') throw new BadProbeRequest(503, 'queue-full', `too many probes waiting (${ctx.limiter.queued} queued, ${ctx.limiter.inFlight} running)`);
    throw new BadProbeRequest(503, 'queue-timeout', 'no probe slot free within the scrape timeout');
  }
  ctx.metrics.inFlight.inc();
  try {
    const remaining = budgetMs - (monotonicMs() - arrived);
    // Retries share the budget: every attempt gets an equal slice of what is left.
    const result = await runCheck(check, executorFor(check), { signal: stop.signal, timeoutMs: Math.max(1, remaining / (check.retries + 1)) });
    ctx.metrics.probeDuration.observe({ module: moduleName, result: result.status === 'pass' ? 'success' : 'failure' }, result.durationMs / 1000);
    if (stop.signal.aborted) return 499;
    const { text, contentType } = await renderProbeMetrics(ctx.prom, result);
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
    ctx.log(`probe module=${moduleName} target=${JSON.stringify(target)} success=${result.status === 'pass' ? 1 : 0} reason=${result.reason} ${result.durationMs.toFixed(1)}ms`);
    return 200;
  } finally {
    ctx.metrics.inFlight.dec();
    ctx.active.delete(stop);
    slot();
  }
}
