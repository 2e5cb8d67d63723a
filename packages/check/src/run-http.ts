import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { LimitError } from '@nettk/core';
import { buildMultipart, headerValues, httpRequest, mimeTypeFor, type HttpResponse, type MultipartPart } from '@nettk/http';
import { formatMs } from './durations.js';
import type { ExecutorContext } from './executors.js';
import { fail, pass, type CheckOutcome } from './outcome.js';
import { formatStatusSpec, statusMatches } from './status-spec.js';
import type { CheckOf, HttpSpec } from './types.js';

/** Largest file a form field may upload: a check is not a bulk transfer. */
export const MAX_FORM_FILE_BYTES = 16 * 1024 * 1024;

/** The request content of an http check: its body, or its form fields as multipart/form-data (RFC 7578). */
export async function requestContent(spec: HttpSpec): Promise<{ body?: Buffer; contentType?: string }> {
  if (spec.body !== undefined) return { body: Buffer.from(spec.body, 'utf8') };
  if (!spec.form) return {};
  const parts: MultipartPart[] = [];
  for (const field of spec.form) {
    if (field.file === undefined) {
      parts.push({ name: field.name, data: Buffer.from(field.value ?? '', 'utf8'), contentType: field.type });
      continue;
    }
    const size = (await stat(field.file)).size;
    if (size > MAX_FORM_FILE_BYTES) throw new LimitError(`form field "${field.name}": ${field.file} is ${size} bytes, more than ${MAX_FORM_FILE_BYTES}`);
    parts.push({ name: field.name, data: await readFile(field.file), filename: basename(field.file), contentType: field.type ?? mimeTypeFor(field.file) });
  }
  const multipart = buildMultipart(parts);
  return { body: multipart.body, contentType: multipart.contentType };
}

/** Responses bigger than this fail the check (`too-large`) instead of filling memory. */
export const MAX_CHECK_BODY_BYTES = 8 * 1024 * 1024;

/** The first expectation the response breaks, as [reason, message]; undefined when it meets them all. */
export function httpMismatch(check: CheckOf<'http'>, res: Pick<HttpResponse, 'status' | 'reason' | 'headers' | 'body'>, totalMs: number): [string, string] | undefined {
  const e = check.expect;
  if (!statusMatches(res.status, e.status)) return ['status-mismatch', `status ${res.status} ${res.reason} (expected ${formatStatusSpec(e.status)})`];
  for (const h of e.headers) {
    const values = headerValues(res.headers, h.name);
    if (h.absent) {
      if (values.length > 0) return ['header-mismatch', `${h.name} is present (expected absent): "${values[0]}"`];
    } else if (values.length === 0) return ['header-mismatch', `${h.name} is missing`];
    else if (h.pattern && !values.some((v) => h.pattern!.test(v))) return ['header-mismatch', `${h.name}: "${values[0]}" does not match /${h.pattern.source}/`];
  }
  if (e.body || e.bodyNot) {
    const text = res.body.toString('utf8');
    if (e.body && !e.body.test(text)) return ['body-mismatch', `body (${res.body.length} bytes) does not match /${e.body.source}/`];
    const bad = e.bodyNot?.exec(text);
    if (bad) return ['body-mismatch', `body matches /${e.bodyNot!.source}/: "${bad[0].slice(0, 80)}"`];
  }
  if (e.maxTimeMs !== undefined && totalMs > e.maxTimeMs) return ['too-slow', `took ${formatMs(totalMs)} (max ${formatMs(e.maxTimeMs)})`];
  return undefined;
}

/**
 * One request over @nettk/http's own HTTP/1.1 client (no redirects are
 * followed: a 301 is an answer to check, as with curl without -L).
 */
export async function runHttpCheck(check: CheckOf<'http'>, ctx: ExecutorContext): Promise<CheckOutcome> {
  const content = await requestContent(check);
  const res = await httpRequest(check.url, {
    method: check.method,
    headers: check.headers.map(([name, value]) => ({ name, value })),
    ...content,
    insecure: check.insecure,
    connectTimeoutMs: ctx.timeoutMs,
    timeoutMs: ctx.timeoutMs,
    maxBodyBytes: MAX_CHECK_BODY_BYTES,
    userAgent: 'nettk-check',
    signal: ctx.signal,
  });
  const t = res.exchange.timings;
  const extra: Partial<CheckOutcome> = {
    timings: { dnsMs: t.phases.dnsMs, connectMs: t.phases.connectMs, tlsMs: t.phases.tlsMs, ttfbMs: t.ttfbMs },
    metrics: {
      http_status_code: res.status,
      http_ttfb_seconds: t.ttfbMs / 1000,
      http_content_length: res.body.length,
      http_version: Number(res.httpVersion.replace(/^HTTP\//, '')) || 0,
      http_ssl: check.url.startsWith('https:') ? 1 : 0,
    },
    details: { status: res.status, reason: res.reason, httpVersion: res.httpVersion, headers: res.headers, bytes: res.body.length },
  };
  const mismatch = httpMismatch(check, res, t.totalMs);
  if (mismatch) return fail(mismatch[0], mismatch[1], extra);
  return pass(`${res.status} ${res.reason}, ${res.body.length} bytes, first byte after ${formatMs(t.ttfbMs)}`, extra);
}
