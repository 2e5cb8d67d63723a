import { roundMs, toJson, type NettkError } from '@nettk/core';
import type { DialEvent, TlsInfo } from '@nettk/core';
import type { FramerEvent, HttpTimings } from '@nettk/http';
import type { Io } from '../io.js';
import type { ExchangeRecord, ResponseRecord } from './http-record.js';
import type { HttpView } from './http-session.js';
import type { Transcript } from './http-transcript.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A body as JSON: UTF-8 text when it is valid UTF-8, base64 otherwise. */
export function bodyJson(chunks: Buffer[], bytes: number): { encoding: 'utf8' | 'base64'; data: string; bytes: number } {
  const body = Buffer.concat(chunks, bytes);
  try {
    return { encoding: 'utf8', data: utf8.decode(body), bytes };
  } catch {
    return { encoding: 'base64', data: body.toString('base64'), bytes };
  }
}

function responseJson(r: ResponseRecord): Record<string, unknown> {
  return {
    status: r.head.status,
    reason: r.head.reason,
    httpVersion: r.head.httpVersion,
    headers: r.head.headers,
    trailers: r.trailers,
    body: bodyJson(r.body, r.bodyBytes),
    framing: r.framing,
    complete: r.complete,
    warnings: r.warnings,
  };
}

function timingsJson(t: HttpTimings | undefined): Record<string, unknown> | null {
  if (!t) return null;
  const round = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, roundMs(v)]));
  return { ...round({ dnsMs: t.dnsMs, connectMs: t.connectMs, tlsMs: t.tlsMs, ttfbMs: t.ttfbMs, totalMs: t.totalMs }), phases: round({ ...t.phases }) };
}

function tlsJson(tls: TlsInfo | undefined): Record<string, unknown> | null {
  return tls ? { ...tls } : null;
}

/** One exchange in the documented --json shape (plus connection, warnings and error). */
export function exchangeJson(record: ExchangeRecord): Record<string, unknown> {
  const req = record.request;
  const c = record.connection;
  const error = record.error as NettkError | Error | undefined;
  return {
    request: { method: req.method, url: req.url, headers: req.headers, bytes: req.bytes, raw: req.raw },
    connection: c ? { id: c.id, reused: c.reused, address: c.address, port: c.port, localAddress: c.localAddress, localPort: c.localPort, tls: tlsJson(c.tls) } : null,
    responses: record.responses.map(responseJson),
    timings: timingsJson(record.timings),
    warnings: record.warnings,
    error: error ? { code: 'code' in error ? error.code : 'NETTK_ERR_RUNTIME', message: error.message } : null,
  };
}

/**
 * `--json`: one document when everything is done (the exchange itself for one
 * request, `{"exchanges": [...]}` for several); `--ndjson`: one exchange per
 * line as each completes.
 */
export class JsonView implements HttpView {
  readonly collectBodies = true;
  constructor(
    private readonly io: Io,
    private readonly transcript: Transcript | undefined,
  ) {}

  dial(event: DialEvent): void {
    this.transcript?.dial(event);
  }

  opened(record: ExchangeRecord): void {
    if (record.connection?.reused) this.transcript?.info(`Re-using connection #${record.connection.id} to ${record.request.label}`);
    this.transcript?.sent(record.request.head);
  }

  event(_record: ExchangeRecord, event: FramerEvent): void {
    if (event.type === 'head') this.transcript?.received(event.head.lines);
    else if (event.type === 'trailers') this.transcript?.received(event.lines);
  }

  done(record: ExchangeRecord): void {
    if (this.io.mode === 'ndjson') this.io.print(toJson(exchangeJson(record)));
  }

  finish(records: ExchangeRecord[]): void {
    if (this.io.mode !== 'json') return;
    this.io.print(toJson(records.length === 1 ? exchangeJson(records[0]!) : { exchanges: records.map(exchangeJson) }));
  }
}
