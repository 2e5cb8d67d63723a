import { debuglog } from 'node:util';
import { connectOnce, isSelfConnected, type Classification, type ConnectOnceOptions, type ConnectOnceResult, monotonicMs } from '@nettk/core';
import { localSelfConnection, type SelfConnection } from './connection.js';
import { runParallelConnectLoop } from './parallel-loop.js';
import type { Endpoint } from './report.js';

const debug = debuglog('nettk');

export interface ConnectLoopOptions {
  /** An IP literal of this host (a SYN that leaves the host never meets itself). */
  address: string;
  family: 4 | 6;
  port: number;
  maxAttempts: number;
  /** One deadline for the whole loop. */
  timeoutMs: number;
  /** Go's self-connect guard in every connect (core connectOnce). */
  guard: boolean;
  /**
   * Worker threads that each run the loop (default 1: the loop runs in this
   * thread). A connect costs Node ~40 us of CPU, mostly in the kernel and
   * libuv, so one thread tops out near half of a C loop; the kernel side
   * scales with cores. See parallel-loop.ts.
   */
  threads?: number | undefined;
  /** Connects in flight per thread (default 1). */
  inFlight?: number | undefined;
  /** Keep stack traces on the loop's refusal errors (--debug); worker threads drop them otherwise. */
  debug?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: LoopProgress) => void) | undefined;
  /** Least time between two onProgress calls (default 100 ms). */
  progressIntervalMs?: number | undefined;
  /** Polled before each connect: true ends the loop as `aborted` (a sibling thread's stop flag). */
  stopRequested?: (() => boolean) | undefined;
  /**
   * Takes one attempt from a budget shared with other threads (in place of
   * maxAttempts): false when none is left. The faster thread makes more.
   */
  claim?: (() => boolean) | undefined;
}

export interface LoopProgress {
  attempts: number;
  elapsedMs: number;
  perSecond: number;
  guardFired: number;
}

/**
 * Why the loop ended: `self-connected` (reproduced; the caller owns the
 * socket), `max-attempts`, `timeout`, `aborted`, `listener` (a connect was
 * answered by a real server: the experiment is void), `local-error` (the
 * kernel kept failing connects for a reason other than "refused", e.g.
 * EADDRNOTAVAIL when the ephemeral ports are exhausted).
 */
export type LoopStop = 'self-connected' | 'max-attempts' | 'timeout' | 'aborted' | 'listener' | 'local-error';

export interface LoopResult {
  stop: LoopStop;
  /** Loop iterations; the guard's redials are counted apart. */
  attempts: number;
  elapsedMs: number;
  perSecond: number;
  guardFired: number;
  redials: number;
  refused: number;
  otherFailures: number;
  lastFailure: Classification | undefined;
  /** Set when stop is `self-connected`. */
  connection: SelfConnection | undefined;
  /** The listener's end when stop is `listener`. */
  answeredBy: Endpoint | undefined;
}

/** Consecutive non-"refused" failures after which the loop gives up (`local-error`). */
export const MAX_CONSECUTIVE_LOCAL_ERRORS = 200;

/**
 * Connect to address:port again and again until the kernel hands out `port`
 * itself as the source port and the SYN meets itself (RFC 9293 §3.5
 * simultaneous open). With `threads` > 1 the loop runs in worker threads
 * (parallel-loop.ts); here, in this thread, `inFlight` connects at a time.
 * Lean on purpose: one options object for every attempt, no timer or promise
 * per attempt, one deadline for the loop (a timer that also cancels connects
 * that hang, e.g. behind a DROP rule).
 */
export function runConnectLoop(options: ConnectLoopOptions): Promise<LoopResult> {
  return (options.threads ?? 1) > 1 ? runParallelConnectLoop(options) : runLoopHere(options);
}

/** The loop in this thread (also what each worker of a parallel loop runs). */
export function runLoopHere(options: ConnectLoopOptions): Promise<LoopResult> {
  const target: ConnectOnceOptions = { address: options.address, port: options.port, family: options.family, guard: options.guard };
  const interval = options.progressIntervalMs ?? 100;
  const { maxAttempts, onProgress, signal, stopRequested, claim } = options;
  const chains = Math.max(1, Math.min(options.inFlight ?? 1, maxAttempts));

  return new Promise<LoopResult>((resolve) => {
    const started = monotonicMs();
    const deadline = started + options.timeoutMs;
    let nextProgress = started + interval;
    let attempts = 0;
    let guardFired = 0;
    let redials = 0;
    let refused = 0;
    let otherFailures = 0;
    let consecutiveLocal = 0;
    let lastFailure: Classification | undefined;
    /** Cancel functions of the connects in flight. */
    const inFlight = new Set<() => void>();
    /** Chains still looping; the loop ends at max-attempts when the last one stops. */
    let running = chains;
    let finished = false;

    const finish = (stop: LoopStop, connection?: SelfConnection, answeredBy?: Endpoint): void => {
      if (finished) return;
      finished = true;
      for (const cancel of inFlight) cancel();
      inFlight.clear();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const elapsedMs = monotonicMs() - started;
      debug('selfconnect loop: %s after %d attempts in %d ms', stop, attempts, Math.round(elapsedMs));
      resolve({
        stop,
        attempts,
        elapsedMs,
        perSecond: elapsedMs > 0 ? (attempts * 1000) / elapsedMs : 0,
        guardFired,
        redials,
        refused,
        otherFailures,
        lastFailure,
        connection,
        answeredBy,
      });
    };
    const onAbort = (): void => finish('aborted');

    /** One chain: a connect, and when it ends, the next. */
    const chain = (): void => {
      let cancel: (() => void) | undefined;
      const onResult = (result: ConnectOnceResult): void => {
        if (cancel) inFlight.delete(cancel);
        if (finished) {
          if (result.ok) result.socket.destroy();
          return;
        }
        guardFired += result.guardFired;
        redials += result.redials;
        if (result.ok) {
          const socket = result.socket;
          const local = { address: result.localAddress, port: result.localPort };
          const remote = { address: socket.remoteAddress ?? options.address, port: socket.remotePort ?? options.port };
          if (isSelfConnected(socket)) {
            finish('self-connected', localSelfConnection(socket, local, remote));
            return;
          }
          socket.destroy();
          finish('listener', undefined, remote);
          return;
        }
        // A self-connection the guard caught twice in a row is still a refusal in disguise.
        if (result.failure.reason === 'conn-refused' || result.failure.reason === 'self-connect') {
          refused++;
          consecutiveLocal = 0;
        } else {
          otherFailures++;
          lastFailure = result.failure;
          if (++consecutiveLocal >= MAX_CONSECUTIVE_LOCAL_ERRORS) {
            finish('local-error');
            return;
          }
        }
        next();
      };
      const next = (): void => {
        const now = monotonicMs();
        if (now >= deadline) return finish('timeout');
        if (stopRequested?.()) return finish('aborted');
        if (claim ? !claim() : attempts >= maxAttempts) {
          if (--running === 0) finish('max-attempts');
          return;
        }
        if (onProgress !== undefined && now >= nextProgress) {
          nextProgress = now + interval;
          const elapsedMs = now - started;
          onProgress({ attempts, elapsedMs, perSecond: (attempts * 1000) / elapsedMs, guardFired });
          if (finished) return;
        }
        attempts++;
        cancel = connectOnce(target, onResult);
        inFlight.add(cancel);
      };
      next();
    };

    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    if (signal?.aborted) {
      finish('aborted');
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < chains && !finished; i++) chain();
  });
}
