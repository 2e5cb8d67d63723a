import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { debuglog } from 'node:util';
import { formatHostPort } from '@nettk/core';
import type { Module } from '../types.js';
import { createExporterMetrics, type ExporterMetrics } from './exporter-metrics.js';
import { Limiter } from './limiter.js';
import { BadProbeRequest, handleProbe } from './probe-handler.js';
import type { PromClient } from './probe-metrics.js';

const debug = debuglog('nettk');

/**
 * prom-client is CommonJS: required (not imported) on first use, so that
 * `nettk check` never loads it and the CLI bundle's loader needs no dynamic
 * import hook for it.
 */
function loadPromClient(): PromClient {
  return createRequire(import.meta.url)('prom-client') as PromClient;
}

export interface ExporterOptions {
  host?: string;
  port?: number;
  modules: readonly Module[];
  /** Probes running at once (default 64). */
  concurrency?: number;
  /** Probe requests allowed to wait for a slot (default 16 × concurrency). */
  maxQueue?: number;
  /** Kept back from the scrape timeout for the reply (default 500 ms, as blackbox_exporter). */
  timeoutOffsetMs?: number;
  /** process_* and nodejs_* metrics on /metrics (default on). */
  processMetrics?: boolean;
  /** One line per request, for --log. */
  log?: (line: string) => void;
}

export interface Exporter {
  url: string;
  host: string;
  port: number;
  metrics: ExporterMetrics;
  /** Swap the modules (SIGHUP reload); requests in flight keep the old ones. */
  setModules(modules: readonly Module[]): void;
  /** Stop listening, abort probes in flight, close every connection. */
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  const body = `${text}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The landing page, as blackbox_exporter has one: what to scrape and which modules exist. */
export function indexPage(modules: readonly Module[]): string {
  const rows = modules
    .map((m) => `<li><code>${html(m.name)}</code>: ${html(m.check.kindName)}${m.check.kind === 'probe' ? ` (expect ${m.check.expect})` : ''}, timeout ${m.check.timeoutMs} ms</li>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>nettk serve</title></head><body>
<h1>nettk serve</h1>
<p>A Prometheus multi-target exporter. Probe with <code>/probe?target=HOST:PORT&amp;module=NAME</code>; the exporter's own metrics are on <a href="/metrics">/metrics</a>.</p>
<h2>Modules</h2>
<ul>
${rows}
</ul>
</body></html>`;
}

/**
 * A Prometheus multi-target exporter (the blackbox_exporter pattern):
 * `/probe?target=&module=` runs one check, `/metrics` is the exporter's own.
 * A bad request gets a 400 with one line; nothing a client sends can stop it.
 */
export async function startExporter(options: ExporterOptions): Promise<Exporter> {
  const prom = loadPromClient();
  let modules = new Map(options.modules.map((m) => [m.name, m]));
  const metrics = createExporterMetrics(prom, { processMetrics: options.processMetrics, modules: [...modules.keys()] });
  const concurrency = options.concurrency ?? 64;
  const limiter = new Limiter(concurrency, options.maxQueue ?? concurrency * 16);
  const active = new Set<AbortController>();
  const log = options.log ?? (() => {});
  const probeCtx = { prom, modules: () => modules, limiter, metrics, timeoutOffsetMs: options.timeoutOffsetMs ?? 500, active, log };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<[string, number]> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://exporter');
    } catch {
      reply(res, 400, 'bad request URL');
      return ['other', 400];
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, `method ${req.method ?? ''} not allowed: use GET`, { allow: 'GET, HEAD' });
      return ['other', 405];
    }
    switch (url.pathname) {
      case '/probe':
        try {
          return ['probe', await handleProbe(url, req, res, probeCtx)];
        } catch (err) {
          if (!(err instanceof BadProbeRequest)) throw err;
          metrics.rejected.inc({ reason: err.reason });
          log(`probe rejected (${err.status}): ${err.message}`);
          reply(res, err.status, err.message);
          return ['probe', err.status];
        }
      case '/metrics': {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(req.method === 'HEAD' ? undefined : text);
        return ['metrics', 200];
      }
      case '/-/healthy':
      case '/-/ready':
        reply(res, 200, 'OK');
        return ['health', 200];
      case '/':
        reply(res, 200, indexPage([...modules.values()]), { 'content-type': 'text/html; charset=utf-8' });
        return ['index', 200];
      default:
        reply(res, 404, `not found: ${url.pathname.slice(0, 100)} (try /probe?target=HOST:PORT&module=NAME or /metrics)`);
        return ['other', 404];
    }
  };

  const server: Server = createServer({ requestTimeout: 60_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    route(req, res).then(
      ([handler, code]) => metrics.requests.inc({ handler, code: String(code) }),
      (err: unknown) => {
        // A bug must cost one request, never the exporter.
        debug('serve: request failed: %s', err instanceof Error ? err.stack : String(err));
        log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
        metrics.requests.inc({ handler: 'other', code: '500' });
        if (!res.writableEnded) reply(res, 500, 'internal error');
      },
    );
  });
  // Malformed HTTP from a client: answer 400 if the socket still can, never throw.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    debug('serve: client error %s', err.code ?? err.message);
    if (socket.writable && err.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.maxHeadersCount = 100;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 9115 }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${formatHostPort(address.address, address.port)}`,
    host: address.address,
    port: address.port,
    metrics,
    setModules(next) {
      modules = new Map(next.map((m) => [m.name, m]));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const probe of active) probe.abort(new Error('exporter shutting down'));
        server.close(() => resolve());
        server.closeIdleConnections();
        setImmediate(() => server.closeAllConnections());
      }),
  };
}
