import { performance } from 'node:perf_hooks';
import {
  connectOnce,
  parseHost,
  resolveAll,
  serviceForPort,
  type ConnectOnceResult,
  type HostSpec,
} from '@nettk/core';
import { defaultConcurrency } from './concurrency.js';
import type { ProbeOptions, ProbeReport, ProbeResult, ProbeState, ProbeSummary, ProbeTarget } from './types.js';

interface Item {
  target: number;
  address: number;
  port: number; // index into ports
  attempt: number;
  /** Retries spent on local resource errors (EMFILE, EADDRNOTAVAIL). */
  localRetries: number;
}

/** Local resource errors are ours, not the target's: back off and retry, never report them as a port state. */
const RESOURCE_ERRNOS = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS']);
const MAX_LOCAL_RETRIES = 50;

function stateOf(result: ConnectOnceResult): ProbeState {
  if (result.ok) return 'open';
  const s = result.failure.state;
  return s === 'dns' || s === 'local' ? 'error' : s;
}

/**
 * Probe every port of every address of every host, `nc -vz` style, with
 * bounded concurrency. Results come back sorted by host, address and port
 * order as given; `onResult` sees them as they finish.
 */
export async function probe(options: ProbeOptions): Promise<ProbeReport> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 2000;
  const retries = options.retries ?? 0;
  const guard = options.guard ?? true;
  const ports = options.ports;
  const hosts: HostSpec[] = options.hosts.map((h) => (typeof h === 'string' ? parseHost(h) : h));

  const targets: ProbeTarget[] = await Promise.all(
    hosts.map(async (h): Promise<ProbeTarget> => {
      try {
        const addresses = await resolveAll(h.host, { family: options.family ?? 0, timeoutMs: Math.max(timeoutMs, 5000), lookup: options.lookup });
        return { host: h.host, addresses, error: null };
      } catch (err) {
        return { host: h.host, addresses: [], error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  options.signal?.throwIfAborted();

  const results: ProbeResult[] = [];
  const order: number[] = [];
  const summary: ProbeSummary = { open: 0, closed: 0, filtered: 0, unreachable: 0, error: 0, elapsedMs: 0, guardFired: 0 };
  const first = options.first ?? false;
  // Addresses probed per port of a target: all of them, or one chain when --first.
  const perTarget = targets.map((t) => (t.error ? 0 : first ? 1 : t.addresses.length));
  let total = 0;
  for (let t = 0; t < targets.length; t++) total += (targets[t]!.error ? 1 : perTarget[t]!) * ports.length;

  const record = (item: Item, result: Omit<ProbeResult, 'host' | 'port' | 'service'>): void => {
    const target = targets[item.target]!;
    const port = ports[item.port]!;
    const full: ProbeResult = { host: target.host, port, service: serviceForPort(port) ?? null, ...result };
    summary[full.state]++;
    summary.guardFired += full.guardFired;
    results.push(full);
    order.push((item.target * 65536 + item.address) * 65536 + item.port);
    options.onResult?.(full);
  };

  // DNS failures: one error result per port, without touching the network.
  for (let t = 0; t < targets.length; t++) {
    const target = targets[t]!;
    if (!target.error) continue;
    for (let p = 0; p < ports.length; p++) {
      record({ target: t, address: 0, port: p, attempt: 0, localRetries: 0 }, {
        address: null, family: null, state: 'error', reason: 'dns', text: target.error, errno: null, ms: 0, guardFired: 0,
      });
    }
  }

  let concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
  let inflight = 0;
  let done = results.length;
  let cursorTarget = 0;
  let cursorAddress = 0;
  let cursorPort = 0;
  const requeued: Item[] = [];
  let requeuedHead = 0;
  const cancels = new Set<() => void>();

  const nextFresh = (): Item | undefined => {
    while (cursorTarget < targets.length) {
      if (cursorAddress >= perTarget[cursorTarget]! ) {
        cursorTarget++;
        cursorAddress = 0;
        cursorPort = 0;
        continue;
      }
      const item: Item = { target: cursorTarget, address: cursorAddress, port: cursorPort, attempt: 0, localRetries: 0 };
      if (++cursorPort >= ports.length) {
        cursorPort = 0;
        cursorAddress++;
      }
      return item;
    }
    return undefined;
  };

  return new Promise<ProbeReport>((resolve, reject) => {
    let finished = false;
    let lastProgress = 0;
    const finish = (err?: unknown): void => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const cancel of cancels) cancel();
      cancels.clear();
      if (err) return reject(err);
      summary.elapsedMs = performance.now() - started;
      const idx = results.map((_, i) => i).sort((a, b) => order[a]! - order[b]!);
      options.onProgress?.({ done, total, open: summary.open });
      resolve({ targets, results: idx.map((i) => results[i]!), summary });
    };
    const onAbort = (): void => finish(options.signal?.reason ?? new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const pump = (): void => {
      while (!finished && inflight < concurrency) {
        const item = requeuedHead < requeued.length ? requeued[requeuedHead++]! : nextFresh();
        if (!item) break;
        if (requeuedHead > 1024 && requeuedHead * 2 > requeued.length) {
          requeued.splice(0, requeuedHead);
          requeuedHead = 0;
        }
        start(item);
      }
      if (!finished && inflight === 0 && requeuedHead >= requeued.length && cursorTarget >= targets.length) finish();
    };

    const start = (item: Item): void => {
      const target = targets[item.target]!;
      const addr = target.addresses[item.address]!;
      const port = ports[item.port]!;
      const t0 = performance.now();
      inflight++;
      const cancel = connectOnce({ address: addr.address, port, family: addr.family, guard, timeoutMs }, (result) => {
        cancels.delete(cancel);
        inflight--;
        if (result.ok) result.socket.destroy();
        else if (result.failure.errno && RESOURCE_ERRNOS.has(result.failure.errno) && item.localRetries < MAX_LOCAL_RETRIES) {
          // Out of descriptors or ephemeral ports: shrink the window and try this port again later.
          concurrency = Math.max(1, Math.min(concurrency, inflight) - Math.ceil(inflight / 4));
          item.localRetries++;
          requeued.push(item);
          setTimeout(pump, 10 * item.localRetries);
          return;
        }
        const state = stateOf(result);
        if (state === 'filtered' && item.attempt < retries) {
          item.attempt++;
          requeued.push(item);
          pump();
          return;
        }
        if (first && state !== 'open' && item.address + 1 < target.addresses.length) {
          requeued.push({ ...item, address: item.address + 1, attempt: 0 });
          pump();
          return;
        }
        done++;
        record(item, {
          address: addr.address,
          family: addr.family,
          state,
          reason: result.ok ? 'syn-ack' : result.failure.reason,
          text: result.ok ? 'succeeded!' : result.failure.text,
          errno: result.ok ? null : result.failure.errno ?? null,
          ms: performance.now() - t0,
          guardFired: result.guardFired,
        });
        if (options.onProgress && done - lastProgress >= 256) {
          lastProgress = done;
          options.onProgress({ done, total, open: summary.open });
        }
        pump();
      });
      cancels.add(cancel);
    };

    pump();
  });
}
