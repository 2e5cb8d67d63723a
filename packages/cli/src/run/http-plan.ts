import { UsageError, formatHostPort, parseEscapes, parseHost, parsePort } from '@nettk/core';
import { basicAuth, buildRequest, checkRequestTarget, parseHttpUrl, parseHeaderOption, scanRawRequests, type HeaderList, type HeaderOverride } from '@nettk/http';
import type { HttpArgs } from '../commands/http.js';
import { VERSION } from '../version.js';
import { list, plannedBody } from './http-body.js';
import type { InputReader } from './http-input.js';
import type { HttpSettings } from './http-settings.js';

/** One request as it will go on the wire, and where to. */
export interface PlannedRequest {
  /** The URL, or `HOST:PORT` for --raw. */
  label: string;
  url: string | null;
  host: string;
  port: number;
  tls: boolean;
  method: string;
  /** One method per response expected (pipelined raw requests expect several). */
  methods: string[];
  head: Buffer;
  body: Buffer;
  headers: HeaderList;
  bytes: number;
  expectContinue: boolean;
  raw: boolean;
}

export interface HttpPlan {
  requests: PlannedRequest[];
  warnings: string[];
}

const METHOD = /^[A-Z][A-Z0-9_-]*$/;
// RFC 9110 §9.2.2: the methods a client may send again, and so pipeline (RFC 9112 §9.3.2).
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Requests with the same key can share a connection. */
export function originKey(request: PlannedRequest): string {
  return `${request.host}|${request.port}|${request.tls}`;
}

function splitMethod(args: HttpArgs, positionals: string[]): { method: string | undefined; urls: string[] } {
  let method: string | undefined;
  let urls = positionals;
  // `nettk http POST URL`: an all-capitals first word is the method, as in HTTPie.
  if (positionals.length >= 2 && METHOD.test(positionals[0]!)) {
    method = positionals[0];
    urls = positionals.slice(1);
  }
  const flags = [args.request !== undefined ? args.request : undefined, args.head ? 'HEAD' : undefined].filter((m): m is string => m !== undefined);
  if (flags.length + (method ? 1 : 0) > 1) throw new UsageError('the method is given more than once (METHOD argument, -X, -I): give it once');
  return { method: method ?? flags[0], urls };
}

async function planBuilt(args: HttpArgs, settings: HttpSettings, input: InputReader, positionals: string[]): Promise<HttpPlan> {
  const { method: given, urls } = splitMethod(args, positionals);
  if (urls.length === 0) throw new UsageError('no URL: nettk http [METHOD] URL (or --raw HOST PORT TEXT)');
  if (args.tls) throw new UsageError('--tls is for --raw; use an https:// URL');
  const overrides: HeaderOverride[] = list(args.header).map(parseHeaderOption);
  const body = await plannedBody(args, input);
  const method = given ?? (body ? 'POST' : 'GET');
  if (settings.pipeline > 1 && !IDEMPOTENT.has(method)) {
    throw new UsageError(`--pipeline sends requests again when a server closes early: ${method} is not idempotent (RFC 9112 §9.3.2)`);
  }
  if (args['request-target'] !== undefined) checkRequestTarget(args['request-target']);
  const requests: PlannedRequest[] = [];
  for (const text of urls) {
    const url = parseHttpUrl(text);
    const auth: HeaderOverride[] = url.username || url.password ? [{ name: 'Authorization', value: basicAuth(url.username, url.password) }] : [];
    const built = buildRequest({
      method,
      target: args['request-target'] ?? url.target,
      host: url.hostHeader,
      headers: [...auth, ...overrides],
      body: body?.body,
      contentType: body?.contentType,
      keepAlive: settings.keepAlive,
      userAgent: args['user-agent'] ?? `nettk/${VERSION}`,
    });
    if (settings.pipeline > 1 && built.expectContinue) throw new UsageError('--pipeline and Expect: 100-continue do not mix: the body cannot wait');
    const planned: PlannedRequest = {
      label: url.href,
      url: url.href,
      host: url.host,
      port: url.port,
      tls: url.scheme === 'https',
      method,
      methods: [method],
      head: built.head,
      body: built.body,
      headers: built.headers,
      bytes: built.bytes,
      expectContinue: built.expectContinue,
      raw: false,
    };
    for (let i = 0; i < settings.repeat; i++) requests.push(planned);
  }
  return { requests, warnings: [] };
}

async function planRaw(args: HttpArgs, settings: HttpSettings, input: InputReader, positionals: string[]): Promise<HttpPlan> {
  const conflicting = (['header', 'data', 'data-binary', 'form', 'form-string', 'request', 'request-target', 'user-agent', 'boundary'] as const).filter((k) => args[k] !== undefined);
  if (args.head) conflicting.push('head' as never);
  if (conflicting.length > 0) throw new UsageError(`--raw sends TEXT exactly as given: --${conflicting[0]} does not apply`);
  if (settings.pipeline > 1) throw new UsageError('--pipeline does not apply to --raw: write the requests one after another in TEXT');
  if (positionals.length < 2 || positionals.length > 3) throw new UsageError('--raw takes HOST PORT [TEXT] (TEXT - or absent: read stdin)');
  const host = parseHost(positionals[0]!).host;
  const port = parsePort(positionals[1]!);
  const text = positionals[2];
  const bytes = text === undefined || text === '-' ? await input.readStdin() : parseEscapes(text);
  const scan = scanRawRequests(bytes);
  const label = formatHostPort(host, port);
  const planned: PlannedRequest = {
    label,
    url: null,
    host,
    port,
    tls: args.tls === true,
    method: scan.methods[0]!,
    methods: scan.methods,
    head: bytes,
    body: Buffer.alloc(0),
    headers: [],
    bytes: bytes.length,
    expectContinue: false,
    raw: true,
  };
  return { requests: Array.from({ length: settings.repeat }, () => planned), warnings: scan.warnings };
}

/** Turn the arguments into the exact requests to send. */
export function planHttp(args: HttpArgs, settings: HttpSettings, input: InputReader): Promise<HttpPlan> {
  const positionals = (args.args ?? []).map(String);
  return settings.raw ? planRaw(args, settings, input, positionals) : planBuilt(args, settings, input, positionals);
}
