import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PromClient } from './probe-metrics.js';

/** The exporter's own metrics (`/metrics`), separate from any probe's. */
export interface ExporterMetrics {
  registry: Registry;
  requests: Counter<'handler' | 'code'>;
  probeDuration: Histogram<'module' | 'result'>;
  inFlight: Gauge;
  queued: Gauge;
  rejected: Counter<'reason'>;
}

/** Seconds; a probe is bounded by the scrape timeout (10 s by default in Prometheus). */
const PROBE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createExporterMetrics(prom: PromClient, options: { processMetrics?: boolean; modules: readonly string[] }): ExporterMetrics {
  const registry = new prom.Registry();
  if (options.processMetrics ?? true) prom.collectDefaultMetrics({ register: registry });
  const requests = new prom.Counter({
    name: 'nettk_serve_requests_total',
    help: 'HTTP requests answered, by handler and status code',
    labelNames: ['handler', 'code'] as const,
    registers: [registry],
  });
  const probeDuration = new prom.Histogram({
    name: 'nettk_serve_probe_duration_seconds',
    help: 'Duration of probes, by module and result',
    labelNames: ['module', 'result'] as const,
    buckets: PROBE_BUCKETS,
    registers: [registry],
  });
  const inFlight = new prom.Gauge({ name: 'nettk_serve_probes_in_flight', help: 'Probes running now', registers: [registry] });
  const queued = new prom.Gauge({ name: 'nettk_serve_probes_queued', help: 'Probe requests waiting for a slot', registers: [registry] });
  const rejected = new prom.Counter({
    name: 'nettk_serve_probes_rejected_total',
    help: 'Probe requests refused, by reason (bad-target, unknown-module, queue-full, queue-timeout, bad-timeout)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const modules = new prom.Gauge({ name: 'nettk_serve_modules', help: 'Modules configured', registers: [registry] });
  modules.set(options.modules.length);
  return { registry, requests, probeDuration, inFlight, queued, rejected };
}
