import { monotonicMs } from '@nettk/core';
import type { DialTimings } from '@nettk/core';

/**
 * Times of one exchange in ms. The top-level fields are cumulative from the
 * start, like curl's `-w` (time_namelookup, time_connect, time_appconnect,
 * time_starttransfer, time_total); `phases` are the durations of each step.
 * A reused connection has no dns, connect or tls phase.
 */
export interface HttpTimings {
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  ttfbMs: number;
  totalMs: number;
  phases: {
    dnsMs: number;
    connectMs: number;
    tlsMs: number;
    /** Request written and the server thinking: end of TLS (or connect) to the first response byte. */
    ttfbMs: number;
    /** First response byte to the end of the response. */
    transferMs: number;
  };
}

export interface TimingMarks {
  /** monotonicMs() when the exchange (or its connection, when new) started. */
  startedAt: number;
  /** Dial phases for a new connection; undefined when the connection was reused. */
  dial: DialTimings | undefined;
  firstByteAt: number;
  endAt: number;
}

export function computeTimings(marks: TimingMarks): HttpTimings {
  const dnsMs = marks.dial?.lookupMs ?? 0;
  const connectMs = marks.dial?.connectMs ?? 0;
  const tlsMs = marks.dial?.tlsMs ?? 0;
  const ttfb = Math.max(0, marks.firstByteAt - marks.startedAt);
  const total = Math.max(ttfb, marks.endAt - marks.startedAt);
  const ready = dnsMs + connectMs + tlsMs;
  return {
    dnsMs,
    connectMs: dnsMs + connectMs,
    tlsMs: ready,
    ttfbMs: ttfb,
    totalMs: total,
    phases: { dnsMs, connectMs, tlsMs, ttfbMs: Math.max(0, ttfb - ready), transferMs: total - ttfb },
  };
}
