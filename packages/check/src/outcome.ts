import { DialError, DnsError, NettkError } from '@nettk/core';
import type { KindName } from './types.js';

/** pass: the expectation held; fail: it did not (the target's fault); error: nettk could not run the check. */
export type CheckStatus = 'pass' | 'fail' | 'error';

/** Phase durations in ms, as curl -w and blackbox_exporter report them. */
export interface CheckTimings {
  dnsMs?: number | undefined;
  connectMs?: number | undefined;
  tlsMs?: number | undefined;
  /** Time to the first response byte, from the start. */
  ttfbMs?: number | undefined;
}

export interface CheckOutcome {
  status: CheckStatus;
  /**
   * A stable token in the toolkit's vocabulary: `ok`, `conn-refused`,
   * `no-response`, `status-mismatch`, `reply-mismatch`, `timeout`, ... It is
   * the `reason` label of probe_failure_info, so it never carries free text.
   */
  reason: string;
  /** One human line: `status 503 (expected 2xx)`, `127.0.0.1 port 81: Connection refused`. */
  message: string;
  timings: CheckTimings;
  ipProtocol?: 4 | 6 | undefined;
  /** Kind-specific gauges for the exporter, named without the `probe_` prefix (`http_status_code`). */
  metrics: Record<string, number>;
  /** Kind-specific facts for --json (ports and states, status and headers, the reply). */
  details?: Record<string, unknown> | undefined;
}

export interface CheckResult extends CheckOutcome {
  name: string;
  kind: KindName;
  tags: string[];
  line: number;
  /** Wall time of every attempt together. */
  durationMs: number;
  attempts: number;
  /** ISO time the check started. */
  startedAt: string;
}

export function pass(message: string, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: 'pass', reason: 'ok', message, timings: {}, metrics: {}, ...extra };
}

export function fail(reason: string, message: string, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: 'fail', reason, message, timings: {}, metrics: {}, ...extra };
}

export function broken(reason: string, message: string, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: 'error', reason, message, timings: {}, metrics: {}, ...extra };
}

/** A network failure named by its cause: a certificate or TLS alert, a reset, or plain `network`. */
function networkReason(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return 'network';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return 'tls-error';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  return 'network';
}

/**
 * What a thrown error means for a check: the target's failures (refused,
 * no answer, bad protocol, DNS) fail it; our own resource errors (fd limit,
 * no ephemeral port) and bugs make it an error.
 */
export function outcomeFromError(err: unknown): CheckOutcome {
  const message = err instanceof Error ? err.message.split('\n', 1)[0]! : String(err);
  if (err instanceof DialError) return err.state === 'local' ? broken(err.reason, message) : fail(err.reason, message);
  if (err instanceof DnsError) return fail(err.reason, message);
  if (err instanceof NettkError) {
    switch (err.code) {
      case 'NETTK_ERR_TIMEOUT':
        return fail('timeout', message);
      case 'NETTK_ERR_PROTOCOL':
        return fail('protocol-error', message);
      case 'NETTK_ERR_LIMIT':
        return fail('too-large', message);
      case 'NETTK_ERR_NETWORK':
        return fail(networkReason(err.cause), message);
      case 'NETTK_ERR_DNS':
        return fail('dns', message);
      case 'NETTK_ERR_NEGATIVE':
        return fail('negative', message);
      default:
        return broken(err.code === 'NETTK_ERR_ABORTED' ? 'aborted' : 'internal', message);
    }
  }
  const errno = (err as { code?: unknown })?.code;
  if (errno === 'ECONNRESET' || errno === 'EPIPE') return fail('reset', message);
  return broken('internal', message);
}
