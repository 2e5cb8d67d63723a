import { parseHost, resolveAll, serviceForPort, type HostSpec, monotonicMs } from '@nettk/core';
import { scanParallel } from './parallel.js';
import { scan, type ScanOptions, type ScanOutcome } from './scan.js';
import type { ProbeOptions, ProbeReport, ProbeResult, ProbeSummary, ProbeTarget } from './types.js';

/** Below this many connects a worker's start-up (~30 ms) costs more than it saves. */
const PARALLEL_MIN_CONNECTS = 4096;

/**
 * Loopback answers in microseconds: past ~128 connects in flight a scan only
 * gets slower and bigger (measured: 2.4 s / 148 MB at 128 vs 2.9 s / 176 MB
 * at 1024 for 1-65535). Remote scans keep the fd-limit default, where
 * in-flight connects wait on the network.
 */
const LOOPBACK_CONCURRENCY = 128;

function isLoopbackTarget(t: ProbeTarget): boolean {
  return t.addresses.every((a) => a.address === '::1' || a.address.startsWith('127.'));
}

function defaultThreads(connects: number): number {
  if (connects < PARALLEL_MIN_CONNECTS) return 0;
  // node:os loads only for scans big enough to use workers (start-up of a one-port probe).
  const cores = process.getBuiltinModule('node:os').availableParallelism();
  return cores >= 2 ? Math.min(cores, 4) : 0;
}

async function resolveTargets(hosts: HostSpec[], options: ProbeOptions, timeoutMs: number): Promise<ProbeTarget[]> {
  return Promise.all(
    hosts.map(async (h): Promise<ProbeTarget> => {
      try {
        const addresses = await resolveAll(h.host, { family: options.family ?? 0, timeoutMs: Math.max(timeoutMs, 5000), lookup: options.lookup });
        return { host: h.host, addresses, error: null };
      } catch (err) {
        return { host: h.host, addresses: [], error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

/**
 * Probe every port of every address of every host, `nc -vz` style, with
 * bounded concurrency (and worker threads for large scans). Results come
 * back sorted by host, address and port as given; `onResult` sees each as
 * it finishes.
 */
export async function probe(options: ProbeOptions): Promise<ProbeReport> {
  const started = monotonicMs();
  const timeoutMs = options.timeoutMs ?? 2000;
  const ports = options.ports;
  const hosts = options.hosts.map((h) => (typeof h === 'string' ? parseHost(h) : h));
  const targets = await resolveTargets(hosts, options, timeoutMs);
  options.signal?.throwIfAborted();

  const first = options.first ?? false;
  let total = 0;
  for (const t of targets) total += (t.error ? 1 : first ? Math.min(1, t.addresses.length) : t.addresses.length) * ports.length;

  const summary: ProbeSummary = { open: 0, closed: 0, filtered: 0, unreachable: 0, error: 0, elapsedMs: 0, guardFired: 0 };
  const results: ProbeResult[] = [];
  const keys: number[] = [];
  const keepClosed = options.keepClosed ?? true;
  /** Closed ports left out, by (target, address) key. */
  const omitted = new Map<number, number>();
  let done = 0;
  let lastProgress = 0;
  const progress = (): void => {
    if (options.onProgress && done - lastProgress >= 256) {
      lastProgress = done;
      options.onProgress({ done, total, open: summary.open });
    }
  };
  const countClosed = (target: number, address: number, guardFired: number): void => {
    done++;
    summary.closed++;
    summary.guardFired += guardFired;
    const key = target * 65536 + address;
    omitted.set(key, (omitted.get(key) ?? 0) + 1);
    progress();
  };
  const record = (o: ScanOutcome, address: { address: string; family: 4 | 6 } | null): void => {
    if (!keepClosed && o.state === 'closed') {
      countClosed(o.target, o.address, o.guardFired);
      return;
    }
    const port = ports[o.port]!;
    const result: ProbeResult = {
      host: targets[o.target]!.host,
      address: address?.address ?? null,
      family: address?.family ?? null,
      port,
      service: serviceForPort(port) ?? null,
      state: o.state,
      reason: o.reason,
      text: o.text,
      errno: o.errno,
      ms: o.ms,
      guardFired: o.guardFired,
    };
    summary[o.state]++;
    summary.guardFired += o.guardFired;
    results.push(result);
    keys.push((o.target * 65536 + o.address) * 65536 + o.port);
    done++;
    options.onResult?.(result);
    progress();
  };

  // A host that does not resolve gets one error result per port, without touching the network.
  targets.forEach((t, ti) => {
    if (!t.error) return;
    for (let p = 0; p < ports.length; p++) {
      record({ target: ti, address: 0, port: p, state: 'error', reason: 'dns', text: t.error, errno: null, ms: 0, guardFired: 0 }, null);
    }
  });

  const scanOptions: ScanOptions = {
    timeoutMs,
    concurrency: options.concurrency ?? (targets.every(isLoopbackTarget) ? LOOPBACK_CONCURRENCY : undefined),
    retries: options.retries ?? 0,
    first,
    guard: options.guard ?? true,
    signal: options.signal,
  };
  const onOutcome = (o: ScanOutcome): void => record(o, targets[o.target]!.addresses[o.address]!);
  const threads = options.threads ?? defaultThreads(total);
  if (threads > 1) await scanParallel(targets, ports, scanOptions, threads, onOutcome, keepClosed ? undefined : countClosed);
  else await scan(targets, ports, scanOptions, onOutcome);

  summary.elapsedMs = monotonicMs() - started;
  options.onProgress?.({ done, total, open: summary.open });
  const order = results.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const closedOmitted = [...omitted].sort(([a], [b]) => a - b).map(([key, count]) => ({ target: Math.floor(key / 65536), address: key % 65536, count }));
  return { targets, results: order.map((i) => results[i]!), summary, probed: done, closedOmitted };
}
