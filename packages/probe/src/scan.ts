import { connectOnce, type ConnectOnceResult, monotonicMs } from '@nettk/core';
import { defaultConcurrency } from './concurrency.js';
import type { ProbeResult, ProbeState, ProbeTarget } from './types.js';

/** What one finished port produced: indexes into the targets, their addresses and the port list. */
export interface ScanOutcome extends Pick<ProbeResult, 'state' | 'reason' | 'text' | 'errno' | 'ms' | 'guardFired'> {
  target: number;
  address: number;
  port: number;
}

export interface ScanOptions {
  timeoutMs: number;
  concurrency?: number | undefined;
  retries: number;
  first: boolean;
  guard: boolean;
  /** Only port indexes i with i % stride === offset (a worker's share); default all. */
  stride?: number;
  offset?: number;
  /**
   * A cursor shared by several scanners (threads), in place of stride and
   * offset: [0] is the next unclaimed (target, address, port) in scan order,
   * taken with Atomics.add, so a faster scanner simply takes more.
   */
  cursor?: Int32Array | undefined;
  signal?: AbortSignal | undefined;
}

interface Item {
  target: number;
  address: number;
  port: number;
  attempt: number;
  /** Retries spent on our own resource errors (EMFILE, EADDRNOTAVAIL). */
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

/** Largest number of (target, address, port) units a shared Int32 cursor can count. */
export const MAX_SHARED_UNITS = 0x7fffffff;

/** Claims from a shared cursor: the next unit in scan order, or undefined once all are taken. */
function sharedClaim(cursor: Int32Array, perTarget: readonly number[], portCount: number): () => Item | undefined {
  // Unit offsets where each target starts: a claim finds its target by binary search.
  const starts: number[] = [];
  let total = 0;
  for (const n of perTarget) {
    starts.push(total);
    total += n * portCount;
  }
  return () => {
    const unit = Atomics.add(cursor, 0, 1);
    if (unit >= total || unit < 0) return undefined;
    // The last target starting at or before `unit` (targets without units share the next one's start).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= unit) lo = mid;
      else hi = mid - 1;
    }
    const rest = unit - starts[lo]!;
    return { target: lo, address: Math.floor(rest / portCount), port: rest % portCount, attempt: 0, localRetries: 0 };
  };
}

/**
 * Connect to every (address, port) of resolved targets with bounded
 * concurrency, callback-style (no promise per port). Resolves when every
 * port has an outcome; `onOutcome` sees each as it finishes.
 */
export function scan(
  targets: readonly ProbeTarget[],
  ports: ArrayLike<number>,
  options: ScanOptions,
  onOutcome: (outcome: ScanOutcome) => void,
): Promise<void> {
  const stride = options.stride ?? 1;
  const offset = options.offset ?? 0;
  const perTarget = targets.map((t) => (t.error ? 0 : options.first ? Math.min(1, t.addresses.length) : t.addresses.length));
  let concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
  let inflight = 0;
  let cursorTarget = 0;
  let cursorAddress = 0;
  let cursorPort = offset;
  let requeued: Item[] = [];
  let requeuedHead = 0;
  const cancels = new Set<() => void>();
  const claim = options.cursor ? sharedClaim(options.cursor, perTarget, ports.length) : undefined;

  const nextFresh = (): Item | undefined => {
    if (claim) {
      const item = claim();
      if (!item) cursorTarget = targets.length;
      return item;
    }
    while (cursorTarget < targets.length) {
      if (cursorAddress >= perTarget[cursorTarget]!) {
        cursorTarget++;
        cursorAddress = 0;
        cursorPort = offset;
      } else if (cursorPort >= ports.length) {
        cursorAddress++;
        cursorPort = offset;
      } else {
        const item: Item = { target: cursorTarget, address: cursorAddress, port: cursorPort, attempt: 0, localRetries: 0 };
        cursorPort += stride;
        return item;
      }
    }
    return undefined;
  };

  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (err?: unknown): void => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const cancel of cancels) cancel();
      cancels.clear();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => finish(options.signal?.reason ?? new Error('aborted'));
    if (options.signal?.aborted) return finish(options.signal.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const pump = (): void => {
      while (!finished && inflight < concurrency) {
        const item = requeuedHead < requeued.length ? requeued[requeuedHead++]! : nextFresh();
        if (!item) break;
        if (requeuedHead === requeued.length) {
          requeued = [];
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
      const t0 = monotonicMs();
      inflight++;
      const cancel = connectOnce({ address: addr.address, port, family: addr.family, guard: options.guard, timeoutMs: options.timeoutMs }, (result) => {
        cancels.delete(cancel);
        inflight--;
        if (result.ok) {
          result.socket.destroy();
        } else if (result.failure.errno && RESOURCE_ERRNOS.has(result.failure.errno) && item.localRetries < MAX_LOCAL_RETRIES) {
          // Out of descriptors or ephemeral ports: shrink the window, retry this port later.
          concurrency = Math.max(1, Math.floor(Math.min(concurrency, inflight + 1) * 0.75));
          item.localRetries++;
          requeued.push(item);
          const cancelTimer = (): void => clearTimeout(timer);
          const timer = setTimeout(() => {
            cancels.delete(cancelTimer);
            pump();
          }, 5 * item.localRetries);
          cancels.add(cancelTimer);
          return;
        }
        const state = stateOf(result);
        if (state === 'filtered' && item.attempt < options.retries) {
          item.attempt++;
          requeued.push(item);
          pump();
          return;
        }
        if (options.first && state !== 'open' && item.address + 1 < target.addresses.length) {
          requeued.push({ ...item, address: item.address + 1, attempt: 0 });
          pump();
          return;
        }
        onOutcome({
          target: item.target,
          address: item.address,
          port: item.port,
          state,
          reason: result.ok ? 'syn-ack' : result.failure.reason,
          text: result.ok ? 'succeeded!' : result.failure.text,
          errno: result.ok ? null : (result.failure.errno ?? null),
          ms: monotonicMs() - t0,
          guardFired: result.guardFired,
        });
        pump();
      });
      cancels.add(cancel);
    };

    pump();
  });
}
