import { UsageError } from '@nettk/core';
import type { HeadLimits } from '@nettk/http';
import type { HttpArgs } from '../commands/http.js';

/** The numbers and switches of `nettk http`, checked once. */
export interface HttpSettings {
  connectTimeoutMs: number;
  maxTimeMs: number | undefined;
  idleTimeoutMs: number;
  limits: HeadLimits;
  maxBodyBytes: number | undefined;
  keepAlive: boolean;
  repeat: number;
  /** Requests in flight on one connection (1 = wait for each response). */
  pipeline: number;
  family: 0 | 4 | 6;
  insecure: boolean;
  raw: boolean;
  verbose: boolean;
  showCrlf: boolean;
  include: boolean;
  silent: boolean;
  timings: boolean;
  fail: boolean;
  output: string | undefined;
}

/** Largest --repeat: enough for a benchmark, bounded so a typo cannot run for hours. */
const MAX_REPEAT = 1_000_000;
const JSON_BODY_CAP = 64 * 1024 * 1024;

function seconds(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`bad --${name} "${value}": seconds > 0`);
  return value * 1000;
}

function whole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`bad --${name} "${value}": a whole number ${min}-${max}`);
  return value;
}

export function httpSettings(args: HttpArgs): HttpSettings {
  const repeat = whole('repeat', args.repeat, 1, MAX_REPEAT);
  const pipeline = whole('pipeline', args.pipeline, 1, 1000);
  if (pipeline > 1 && args['keep-alive'] === false) throw new UsageError('--pipeline needs the connection kept alive: drop --no-keep-alive');
  const maxBody = args['max-body'] === undefined ? undefined : whole('max-body', args['max-body'], 0, Number.MAX_SAFE_INTEGER);
  if (args['show-crlf'] && !args.verbose) throw new UsageError('--show-crlf shapes the -v transcript: add -v');
  return {
    connectTimeoutMs: seconds('connect-timeout', args['connect-timeout'])!,
    maxTimeMs: seconds('max-time', args['max-time']),
    idleTimeoutMs: seconds('idle-timeout', args['idle-timeout'])!,
    limits: {
      maxHeaderBytes: whole('max-header-size', args['max-header-size'], 64, 64 * 1024 * 1024),
      maxHeaderCount: whole('max-headers', args['max-headers'], 1, 100_000),
    },
    maxBodyBytes: maxBody ?? (args.json || args.ndjson ? JSON_BODY_CAP : undefined),
    // Several requests to one origin are what --repeat is for: reuse the connection unless told not to.
    keepAlive: args['keep-alive'] ?? (repeat > 1 || pipeline > 1),
    repeat,
    pipeline,
    family: args['4'] ? 4 : args['6'] ? 6 : 0,
    insecure: args.insecure === true,
    raw: args.raw === true,
    verbose: args.verbose === true,
    showCrlf: args['show-crlf'] === true,
    // -I shows the head, as curl's does; with --json the head is in the document anyway.
    include: args.include === true || (args.head === true && !args.json && !args.ndjson),
    silent: args.silent === true,
    timings: args.timings === true,
    fail: args.fail === true,
    output: args.output,
  };
}
