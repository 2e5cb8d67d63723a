import { isIP } from 'node:net';
import { ExitCode, NettkError, UsageError, errnoOf, parseHost, toJson, visible } from '@nettk/core';
import { RunbookInvalid, builtinModules, formatDiagnostic, loadRunbook, startExporter, type Module } from '@nettk/check';
import type { ServeArgs } from '../commands/serve.js';
import type { Io } from '../io.js';

/** `HOST:PORT` or `[v6]:PORT`; port 0 asks the kernel for a free one (tests, one-off runs). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new UsageError(`bad --listen "${text}": expected HOST:PORT (127.0.0.1:9115, [::1]:9115, 0.0.0.0:9115)`);
  const host = m[1] ?? m[2] ?? '';
  if (host === '') throw new UsageError(`bad --listen "${text}": give the address too (127.0.0.1:${m[3]} for loopback, 0.0.0.0:${m[3]} for every interface)`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`bad --listen "${text}": port must be 0-65535`);
  return { host: parseHost(m[1] ? `[${host}]` : host).host, port };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

async function loadModules(config: string | undefined, io: Io): Promise<Module[] | number> {
  if (config === undefined) return builtinModules();
  try {
    return (await loadRunbook(config, { purpose: 'serve' })).modules;
  } catch (err) {
    if (!(err instanceof RunbookInvalid)) throw err;
    for (const d of err.diagnostics) io.note(formatDiagnostic(d));
    io.note(`nettk: ${config}: ${err.diagnostics.length} error${err.diagnostics.length === 1 ? '' : 's'}`);
    return ExitCode.usage;
  }
}

export async function runServe(args: ServeArgs, io: Io): Promise<number> {
  const listen = parseListen(args.listen);
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new UsageError(`bad --concurrency "${args.concurrency}": a whole number >= 1`);
  const offset = args['timeout-offset'];
  if (!Number.isFinite(offset) || offset < 0 || offset > 60) throw new UsageError(`bad --timeout-offset "${offset}": seconds between 0 and 60`);
  const modules = await loadModules(args.config, io);
  if (typeof modules === 'number') return modules;

  const exporter = await startExporter({
    ...listen,
    modules,
    concurrency: args.concurrency,
    timeoutOffsetMs: offset * 1000,
    // Log lines quote request parameters: escaped before they reach a terminal.
    log: args.log ? (line) => io.note(`${new Date().toISOString()} ${visible(line, { keepNewlines: false })}`) : undefined,
  }).catch((err: unknown) => {
    const errno = errnoOf(err);
    const why = errno === 'EADDRINUSE' ? 'address already in use' : errno === 'EACCES' ? 'permission denied' : errno === 'EADDRNOTAVAIL' ? 'no such local address' : (err as Error).message;
    throw new NettkError('NETTK_ERR_RUNTIME', `cannot listen on ${args.listen}: ${why}`, { cause: err });
  });
  const names = modules.map((m) => m.name);
  if (io.mode === 'human') io.print(`nettk serve: listening on ${exporter.url} (modules: ${names.join(', ')})`);
  else io.print(toJson({ listening: exporter.url, modules: names }));
  if (!isLoopback(exporter.host)) io.note('nettk serve: warning: not loopback: whoever reaches this port can make this host probe any target');

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGHUP', reload);
      void exporter.close().then(resolve);
    };
    const reload = (): void => {
      if (args.config === undefined) return void io.note('nettk serve: SIGHUP: no --config to reload');
      void loadModules(args.config, io).then(
        (next) => {
          if (typeof next === 'number') return void io.note('nettk serve: reload failed, keeping the previous modules');
          exporter.setModules(next);
          io.note(`nettk serve: reloaded ${args.config} (modules: ${next.map((m) => m.name).join(', ')})`);
        },
        (err: unknown) => io.note(`nettk serve: reload failed (${(err as Error).message}), keeping the previous modules`),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', reload);
  });
  return ExitCode.ok;
}
