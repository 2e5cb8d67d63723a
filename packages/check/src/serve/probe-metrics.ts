import type * as PromModule from 'prom-client';
import type { CheckResult } from '../outcome.js';

export type PromClient = typeof PromModule;

/** HELP texts for the kind-specific gauges (outcome.metrics keys, without `probe_`). */
const HELP: Record<string, string> = {
  http_status_code: 'Response HTTP status code',
  http_ttfb_seconds: 'Time from the start of the probe to the first response byte, in seconds',
  http_content_length: 'Length of the response body in bytes',
  http_version: 'HTTP version of the response (1.0, 1.1)',
  http_redirects: 'Number of redirects (nettk does not follow them: always 0)',
  http_ssl: 'Whether TLS was used for the final request',
  redis_reply_time_seconds: 'Time from sending the command to the complete reply, in seconds',
  redis_reply_error: 'Whether the reply was a RESP error',
  redis_reply_integer: 'The reply when it is an integer',
  tcp_guard_fired: 'Self-connections the Go-style guard caught while connecting',
  doctor_findings: 'Kernel findings at or above the check severity',
};

/** Metric names are [a-zA-Z_:][a-zA-Z0-9_:]*; keys from executors are already snake_case, this keeps it so. */
function metricName(key: string): string {
  return `probe_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * One probe's metrics in a fresh registry, the multi-target exporter
 * pattern: nothing is shared between requests, so concurrent scrapes of
 * different targets never see each other's values.
 */
export async function renderProbeMetrics(prom: PromClient, result: CheckResult): Promise<{ text: string; contentType: string }> {
  const registry = new prom.Registry();
  const gauge = (name: string, help: string, value: number): void => {
    const g = new prom.Gauge({ name, help, registers: [registry] });
    g.set(value);
  };
  gauge('probe_success', 'Whether the probe was a success (1) or not (0)', result.status === 'pass' ? 1 : 0);
  gauge('probe_duration_seconds', 'How long the probe took to complete, in seconds', result.durationMs / 1000);
  const t = result.timings;
  gauge('probe_dns_lookup_time_seconds', 'How long the DNS lookup took, in seconds', (t.dnsMs ?? 0) / 1000);
  if (t.connectMs !== undefined) gauge('probe_connect_time_seconds', 'How long the TCP connect took, in seconds', t.connectMs / 1000);
  if (t.tlsMs !== undefined && t.tlsMs > 0) gauge('probe_tls_handshake_seconds', 'How long the TLS handshake took, in seconds', t.tlsMs / 1000);
  if (result.ipProtocol !== undefined) gauge('probe_ip_protocol', 'IP protocol used to reach the target (4 or 6)', result.ipProtocol);
  for (const [key, value] of Object.entries(result.metrics)) {
    if (Number.isFinite(value)) gauge(metricName(key), HELP[key] ?? key.replace(/_/g, ' '), value);
  }
  if (result.status !== 'pass') {
    // The reason blackbox_exporter users ask for: a stable token as a label, never free text (bounded cardinality).
    const info = new prom.Gauge({ name: 'probe_failure_info', help: 'Why the probe failed (the reason label), 1 when it did', labelNames: ['reason'], registers: [registry] });
    info.set({ reason: result.reason }, 1);
  }
  return { text: await registry.metrics(), contentType: registry.contentType };
}
