import { LimitError, type DialTlsOptions, monotonicMs } from '@nettk/core';
import { HttpConnection } from './connection.js';
import { exchange, type ExchangeResult } from './exchange.js';
import type { HeaderList } from './headers.js';
import { basicAuth, buildRequest, type BuiltRequest, type HeaderOverride } from './request-writer.js';
import type { ResponseHead } from './response-framer.js';
import { parseHttpUrl } from './url.js';

export interface HttpRequestOptions {
  method?: string;
  headers?: HeaderOverride[];
  body?: Buffer | string;
  contentType?: string;
  /** Accept a certificate that does not verify (curl -k). */
  insecure?: boolean;
  tls?: DialTlsOptions;
  connectTimeoutMs?: number;
  /** Whole request, connect included. */
  timeoutMs?: number;
  idleTimeoutMs?: number;
  /** Cap on the collected body (default 64 MiB). */
  maxBodyBytes?: number;
  userAgent?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  reason: string;
  httpVersion: string;
  headers: HeaderList;
  trailers: HeaderList;
  body: Buffer;
  /** Every head received, 1xx included. */
  heads: ResponseHead[];
  request: BuiltRequest;
  exchange: ExchangeResult;
}

/**
 * One request on its own connection, the body collected in memory: the
 * library entry for programs. The connection is closed when the response is
 * complete.
 */
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const started = monotonicMs();
  const target = parseHttpUrl(url);
  const headers: HeaderOverride[] = [];
  if (target.username || target.password) headers.push({ name: 'Authorization', value: basicAuth(target.username, target.password) });
  headers.push(...(options.headers ?? []));
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  const request = buildRequest({
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    target: target.target,
    host: target.hostHeader,
    headers,
    body,
    contentType: options.contentType,
    userAgent: options.userAgent ?? 'nettk',
  });
  const tls = target.scheme === 'https' ? { servername: target.host, rejectUnauthorized: !options.insecure, ALPNProtocols: ['http/1.1'], ...options.tls } : undefined;
  const connection = await HttpConnection.open({ host: target.host, port: target.port, tls, connectTimeoutMs: options.connectTimeoutMs, signal: options.signal });
  const chunks: Buffer[] = [];
  let size = 0;
  const cap = options.maxBodyBytes ?? 64 * 1024 * 1024;
  try {
    const result = await exchange(
      connection,
      { head: request.head, body: request.body, method: request.method, expectContinue: request.expectContinue },
      { deadline: options.timeoutMs === undefined ? undefined : started + options.timeoutMs, idleTimeoutMs: options.idleTimeoutMs },
      (event) => {
        if (event.type !== 'data') return;
        size += event.data.length;
        if (size > cap) throw new LimitError(`response body larger than ${cap} bytes`);
        chunks.push(event.data);
      },
    );
    const final = result.outcome.heads[result.outcome.heads.length - 1]!;
    return {
      status: final.status,
      reason: final.reason,
      httpVersion: final.httpVersion,
      headers: final.headers,
      trailers: result.outcome.trailers,
      body: Buffer.concat(chunks, size),
      heads: result.outcome.heads,
      request,
      exchange: result,
    };
  } finally {
    connection.close();
  }
}
