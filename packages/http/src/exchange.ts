import { NettkError, monotonicMs } from '@nettk/core';
import type { HttpConnection } from './connection.js';
import type { ReadResponseOptions, ResponseOutcome } from './read-response.js';
import type { FramerEvent } from './response-framer.js';
import { computeTimings, type HttpTimings } from './timings.js';

export interface ExchangeRequest {
  /** Request line, fields and the empty line (or, raw, everything). */
  head: Buffer;
  body: Buffer;
  method: string;
  /** Send the body only after 100 Continue (or a timeout), RFC 9110 §10.1.1. */
  expectContinue?: boolean;
}

export interface ExchangeOptions extends Omit<ReadResponseOptions, 'leftover' | 'method'> {
  /** How long to wait for 100 Continue before sending the body anyway (curl's default: 1 s). */
  continueTimeoutMs?: number;
}

export interface ExchangeResult {
  outcome: ResponseOutcome;
  /** The connection had carried a response before this one. */
  reused: boolean;
  timings: HttpTimings;
  /** False when a final response came before 100 Continue and the body was withheld. */
  bodySent: boolean;
}

/**
 * Send one request on a connection and read its response. With
 * `expectContinue`, the body waits for 100 Continue; a final response that
 * comes first means the body is never sent and the connection is closed.
 */
export async function exchange(
  connection: HttpConnection,
  request: ExchangeRequest,
  options: ExchangeOptions,
  onEvent: (event: FramerEvent) => void | Promise<void>,
): Promise<ExchangeResult> {
  const reused = connection.responses > 0;
  const startedAt = reused ? monotonicMs() : connection.dialed.startedAt;
  const waitForContinue = request.expectContinue === true && request.body.length > 0;
  let bodySent = !waitForContinue;
  let timer: NodeJS.Timeout | undefined;
  const sendBody = (): void => {
    if (bodySent) return;
    bodySent = true;
    if (timer) clearTimeout(timer);
    connection.send(request.body);
  };
  let handler = onEvent;
  if (waitForContinue) {
    connection.send(request.head);
    timer = setTimeout(sendBody, options.continueTimeoutMs ?? 1000);
    handler = (event) => {
      if (event.type === 'head' && event.head.status === 100) sendBody();
      else if (event.type === 'head' && !event.head.informational && timer) clearTimeout(timer);
      return onEvent(event);
    };
  } else {
    connection.send(request.body.length > 0 ? Buffer.concat([request.head, request.body]) : request.head);
  }
  try {
    const outcome = await connection.read({ ...options, method: request.method }, handler);
    // RFC 9110 §10.1.1: a withheld body leaves the server's framing unknown: never reuse.
    if (!bodySent) connection.close();
    const timings = computeTimings({ startedAt, dial: reused ? undefined : connection.dialed.timings, firstByteAt: outcome.firstByteAt, endAt: outcome.endAt });
    return { outcome, reused, timings, bodySent };
  } catch (error) {
    const writeError = connection.writeError;
    if (writeError && error instanceof NettkError && error.code === 'NETTK_ERR_NETWORK') {
      throw new NettkError('NETTK_ERR_NETWORK', `${error.message} (sending the request failed: ${writeError.message})`, { cause: error });
    }
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
