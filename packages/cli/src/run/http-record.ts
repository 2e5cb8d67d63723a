import { LimitError, type NettkError, type TlsInfo } from '@nettk/core';
import type { FramerEvent, Framing, HeaderList, HttpTimings, ResponseHead } from '@nettk/http';
import type { PlannedRequest } from './http-plan.js';

export interface ResponseRecord {
  head: ResponseHead;
  trailers: HeaderList;
  /** Collected only when the output needs the body (--json). */
  body: Buffer[];
  bodyBytes: number;
  framing: Framing;
  warnings: string[];
  complete: boolean;
}

export interface ConnectionRecord {
  id: number;
  reused: boolean;
  address: string;
  port: number;
  localAddress: string;
  localPort: number;
  tls: TlsInfo | undefined;
}

/** Everything known about one request and its responses, filled in as events arrive. */
export interface ExchangeRecord {
  request: PlannedRequest;
  connection: ConnectionRecord | undefined;
  responses: ResponseRecord[];
  /** Warnings not tied to a response head (raw request problems). */
  warnings: string[];
  timings: HttpTimings | undefined;
  keepAlive: boolean;
  error: NettkError | Error | undefined;
}

export function newRecord(request: PlannedRequest): ExchangeRecord {
  return { request, connection: undefined, responses: [], warnings: [], timings: undefined, keepAlive: false, error: undefined };
}

/**
 * Fold framer events into a record. `collect` keeps body bytes (for JSON);
 * `maxBodyBytes` caps every body, collected or streamed, per response.
 */
export function recordEvent(record: ExchangeRecord, event: FramerEvent, collect: boolean, maxBodyBytes: number | undefined): void {
  const current = record.responses[record.responses.length - 1];
  switch (event.type) {
    case 'head':
      record.responses.push({ head: event.head, trailers: [], body: [], bodyBytes: 0, framing: event.head.framing, warnings: [], complete: event.head.informational });
      break;
    case 'data':
      if (!current) return;
      current.bodyBytes += event.data.length;
      if (maxBodyBytes !== undefined && current.bodyBytes > maxBodyBytes) {
        throw new LimitError(`response body larger than ${maxBodyBytes} bytes (--max-body)`);
      }
      if (collect) current.body.push(event.data);
      break;
    case 'trailers':
      if (!current) return;
      current.trailers = event.trailers;
      break;
    case 'warning':
      (current ? current.warnings : record.warnings).push(event.message);
      break;
    case 'end':
      if (current) {
        current.complete = true;
        current.framing = event.framing;
      }
      record.keepAlive = event.keepAlive;
      break;
    default:
      break;
  }
}

/** The final response, when it arrived (its head at least). */
export function finalResponse(record: ExchangeRecord): ResponseRecord | undefined {
  const last = record.responses[record.responses.length - 1];
  return last && !last.head.informational ? last : undefined;
}
