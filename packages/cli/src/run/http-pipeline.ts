import { NettkError, monotonicMs } from '@nettk/core';
import { computeTimings, type HttpConnection } from '@nettk/http';
import { originKey, type PlannedRequest } from './http-plan.js';
import type { ExchangeRecord } from './http-record.js';
import type { HttpSession } from './http-session.js';

interface InFlight {
  record: ExchangeRecord;
  sentAt: number;
  deadline: number | undefined;
  /** The first request on a new connection carries the dial phases in its timings. */
  dialed: boolean;
}

/**
 * HTTP/1.1 pipelining (RFC 9112 §9.3.2): keep up to `--pipeline` requests in
 * flight on one connection and read the responses in order. When the server
 * closes the connection, requests it never answered are sent again on a new
 * one (they are idempotent: the plan refuses other methods). Returns the
 * index of the next request to send, or -1 after an error.
 */
export async function runPipelined(session: HttpSession, start: number): Promise<number> {
  const { requests } = session.plan;
  const window = session.settings.pipeline;
  const key = originKey(requests[start]!);
  const inflight: InFlight[] = [];
  let next = start;
  let connection: HttpConnection | undefined;

  const fill = async (): Promise<void> => {
    while (inflight.length < window && next < requests.length && originKey(requests[next]!) === key) {
      // Responses are matched to requests by order on one connection: never switch mid-pipeline.
      if (connection !== undefined && !connection.usable) return;
      const request: PlannedRequest = requests[next]!;
      const record = session.newRecord(request);
      const deadline = session.deadline();
      const before = session.open?.connection;
      const c = await session.connectionFor(request, record);
      if (connection !== undefined && c !== connection) throw new Error('pipeline switched connections');
      connection = c;
      const isNew = connection !== before;
      session.view.opened(record);
      connection.send(request.body.length > 0 ? Buffer.concat([request.head, request.body]) : request.head);
      inflight.push({ record, sentAt: monotonicMs(), deadline, dialed: isNew });
      next++;
    }
  };

  try {
    await fill();
  } catch (error) {
    // The connection could not be opened: the first request carries the error.
    const failed = session.records[session.records.length - 1]!;
    failed.error = error instanceof Error ? error : new Error(String(error));
    await session.view.done(failed);
    return -1;
  }
  let answered = 0;
  while (inflight.length > 0) {
    const current = inflight[0]!;
    const { record } = current;
    try {
      const outcome = await connection!.read({ ...session.readOptions(record.request, current.deadline), method: record.request.method }, session.onEvent(record));
      const dial = current.dialed ? connection!.dialed : undefined;
      record.timings = computeTimings({ startedAt: dial ? dial.startedAt : current.sentAt, dial: dial?.timings, firstByteAt: outcome.firstByteAt, endAt: outcome.endAt });
    } catch (error) {
      if (record.responses.length === 0 && lostConnection(error) && (answered > 0 || session.pipelineRetries++ < MAX_RETRIES)) {
        // The connection died before a byte of this response: a server that closes with
        // pipelined requests unread sends RST, which can destroy a response in flight.
        // As after a close between responses, the rest go again on a new connection.
        forget(session.records, inflight);
        session.closeConnection();
        return next - inflight.length;
      }
      record.error = error instanceof Error ? error : new Error(String(error));
      forget(session.records, inflight.slice(1));
      await session.view.done(record);
      return -1;
    }
    answered++;
    session.pipelineRetries = 0;
    inflight.shift();
    await session.view.done(record);
    if (!connection!.usable) {
      // RFC 9112 §9.3.2: requests left unanswered on a closed connection may be retried.
      forget(session.records, inflight);
      session.closeConnection();
      return next - inflight.length;
    }
    await fill();
  }
  if (!session.settings.keepAlive) session.closeConnection();
  return next;
}

/** Connections lost in a row without one response before the error is reported. */
const MAX_RETRIES = 3;

function lostConnection(error: unknown): boolean {
  return error instanceof NettkError && error.code === 'NETTK_ERR_NETWORK';
}

/** Sent but never answered: out of the report, since they will be sent again (or not at all). */
function forget(records: ExchangeRecord[], unanswered: InFlight[]): void {
  for (const { record } of unanswered) {
    const at = records.indexOf(record);
    if (at >= 0) records.splice(at, 1);
  }
}
