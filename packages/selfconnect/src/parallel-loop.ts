import { monotonicMs } from '@nettk/core';
import { runLoopHere, type ConnectLoopOptions, type LoopResult, type LoopStop } from './connect-loop.js';
import type { CloseHow, SelfConnection } from './connection.js';
import type { EchoProof } from './evidence.js';
import { STOP, sharedClaim, type LoopWorkerCommand, type LoopWorkerInput, type LoopWorkerMessage } from './loop-protocol.js';

type Worker = import('node:worker_threads').Worker;

/** A loop worker holds a few connects and no data: a small heap is plenty. */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 24 };
/** How long past the loop's deadline a silent worker is waited for before it is terminated. */
const GRACE_MS = 3000;

/** Which stop wins when threads end differently: what happened beats why the others stopped. */
const PRECEDENCE: LoopStop[] = ['self-connected', 'listener', 'local-error', 'timeout', 'aborted', 'max-attempts'];

/**
 * The connect loop in this thread and `threads - 1` worker threads, each with
 * its own event loop, taking attempts from one shared budget (Atomics), so
 * the faster thread makes more: this thread starts at once, while a worker
 * takes ~70 ms here to boot. One shared stop flag: the thread that
 * self-connects (or meets a listener, or keeps failing) stops the others at
 * their next connect, as do the deadline and an abort. Progress comes from a
 * shared array. A self-connected socket cannot leave the thread that made it:
 * the SelfConnection returned drives a worker's by messages.
 */
export function runParallelConnectLoop(options: ConnectLoopOptions): Promise<LoopResult> {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const threads = Math.max(1, Math.min(options.threads ?? 1, options.maxAttempts));
  const url = new URL('./selfconnect-worker.js', import.meta.url);
  const control = new SharedArrayBuffer(8);
  const flag = new Int32Array(control);
  const progress = new SharedArrayBuffer(16 * threads);
  const counts = new Float64Array(progress);
  const { signal, onProgress } = options;
  const interval = options.progressIntervalMs ?? 100;

  return new Promise<LoopResult>((resolve, reject) => {
    const started = monotonicMs();
    const parts: Part[] = [];
    const workers: Worker[] = [];
    const here = new AbortController();
    let held: SelfConnection | undefined;
    let ownStop: LoopStop | undefined;
    /** Settled (resolved or rejected): later messages belong to the held connection. */
    let settled = false;
    let pending = threads;

    const sum = (i: number): number => {
      let total = 0;
      for (let w = 0; w < threads; w++) total += counts[2 * w + i]!;
      return total;
    };
    const stopAll = (why: LoopStop): void => {
      ownStop ??= why;
      Atomics.store(flag, 0, STOP);
      here.abort();
      for (const w of workers) w.postMessage({ type: 'stop' } satisfies LoopWorkerCommand);
    };
    const onAbort = (): void => stopAll('aborted');
    const deadline = setTimeout(() => stopAll('timeout'), options.timeoutMs);
    // Workers that do not answer by the deadline and a grace are terminated: the loop cannot hang.
    const backstop = setTimeout(() => fail(new Error('a selfconnect loop thread did not stop by its deadline')), options.timeoutMs + GRACE_MS);
    const ticker = onProgress
      ? setInterval(() => {
          const elapsedMs = monotonicMs() - started;
          const attempts = sum(0);
          onProgress({ attempts, elapsedMs, perSecond: elapsedMs > 0 ? (attempts * 1000) / elapsedMs : 0, guardFired: sum(1) });
        }, interval)
      : undefined;
    const cleanup = (): void => {
      clearTimeout(deadline);
      clearTimeout(backstop);
      if (ticker) clearInterval(ticker);
      signal?.removeEventListener('abort', onAbort);
    };
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      cleanup();
      Atomics.store(flag, 0, STOP);
      here.abort();
      for (const w of workers) void w.terminate();
      void held?.close('rst');
      reject(error);
    }
    /** One thread's result; its self-connection (one 4-tuple: a second is closed at once). */
    const report = (part: Part): void => {
      if (settled) {
        void part.connection?.close('rst');
        return;
      }
      parts.push(part);
      if (part.connection) {
        if (held) void part.connection.close('rst');
        else held = part.connection;
      }
      // What happened ends the experiment for every thread, including one waiting in a connect.
      if (part.stop === 'self-connected' || part.stop === 'listener' || part.stop === 'local-error') stopAll(part.stop);
      if (--pending === 0) settle();
    };
    const settle = (): void => {
      settled = true;
      cleanup();
      const stop = [...parts.map((r) => r.stop), ...(ownStop ? [ownStop] : [])].sort((a, b) => PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b))[0]!;
      const elapsedMs = monotonicMs() - started;
      const attempts = parts.reduce((n, r) => n + r.attempts, 0);
      const total = (key: 'guardFired' | 'redials' | 'refused' | 'otherFailures'): number => parts.reduce((n, r) => n + r[key], 0);
      resolve({
        stop,
        attempts,
        elapsedMs,
        perSecond: elapsedMs > 0 ? (attempts * 1000) / elapsedMs : 0,
        guardFired: total('guardFired'),
        redials: total('redials'),
        refused: total('refused'),
        otherFailures: total('otherFailures'),
        // The thread that gave up names the failure; any other's is only a stray error.
        lastFailure: (parts.find((r) => r.stop === 'local-error') ?? parts.find((r) => r.lastFailure))?.lastFailure,
        connection: held,
        answeredBy: parts.find((r) => r.answeredBy)?.answeredBy,
      });
    };

    const { signal: _s, onProgress: _p, stopRequested: _r, threads: _t, claim: _c, ...loop } = options;
    for (let index = 1; index < threads; index++) {
      const input: LoopWorkerInput = { loop, control, progress, index, startedAt: started };
      const worker = new Worker(url, { workerData: input, resourceLimits: WORKER_HEAP });
      workers.push(worker);
      // Tracked from the start: a close or an exit may come before the loop's result is settled.
      const thread: Thread = { worker, closed: false, exited: false, onClosed: [], onExit: [] };
      let reported = false;
      worker.on('message', (m: LoopWorkerMessage) => {
        if (m.type === 'closed') {
          thread.closed = true;
          for (const f of thread.onClosed.splice(0)) f();
          return;
        }
        if (m.type === 'error') fail(new Error(`selfconnect loop thread failed: ${m.message}`));
        if (m.type !== 'result' || reported) return;
        reported = true;
        const { connection, ...rest } = m.result;
        report({ ...rest, connection: connection ? workerSelfConnection(thread, connection) : undefined });
      });
      worker.once('error', (error) => fail(error));
      worker.once('exit', (code) => {
        thread.exited = true;
        for (const f of thread.onClosed.splice(0)) f();
        for (const f of thread.onExit.splice(0)) f();
        // Exiting before its result: only a crash does that.
        if (!reported) fail(new Error(`selfconnect loop thread exited (code ${code}) before its result`));
      });
    }
    if (signal?.aborted) stopAll('aborted');
    else signal?.addEventListener('abort', onAbort, { once: true });
    // This thread's share, from the same budget, published in slot 0.
    runLoopHere({
      ...loop,
      signal: here.signal,
      stopRequested: () => Atomics.load(flag, 0) === STOP,
      claim: sharedClaim(flag, options.maxAttempts),
      progressIntervalMs: 20,
      onProgress: (p) => {
        counts[0] = p.attempts;
        counts[1] = p.guardFired;
      },
    }).then((result) => {
      counts[0] = result.attempts;
      counts[1] = result.guardFired;
      report(result);
    }, fail);
  });
}

/** One thread's part of the loop's result. */
type Part = Omit<LoopResult, 'elapsedMs' | 'perSecond'>;

/** A loop worker as the main thread sees it. */
interface Thread {
  worker: Worker;
  /** The held socket closed (by close() or from outside). */
  closed: boolean;
  exited: boolean;
  onClosed: Array<() => void>;
  onExit: Array<() => void>;
}

/** The self-connection a worker holds, driven by messages; the worker exits once it is closed. */
function workerSelfConnection(thread: Thread, ends: Pick<SelfConnection, 'local' | 'remote'>): SelfConnection {
  const { local, remote } = ends;
  const { worker } = thread;
  const closed = new Promise<void>((resolve) => {
    if (thread.closed || thread.exited) resolve();
    else thread.onClosed.push(resolve);
  });
  let closing: Promise<void> | undefined;
  return {
    local,
    remote,
    closed,
    prove: (options = {}) =>
      new Promise<EchoProof>((resolve, reject) => {
        if (thread.exited) {
          reject(new Error('the loop thread holding the self-connection has exited'));
          return;
        }
        const timeoutMs = options.timeoutMs ?? 2000;
        const done = (): void => {
          clearTimeout(timer);
          worker.off('message', onMessage);
          const i = thread.onExit.indexOf(onExit);
          if (i >= 0) thread.onExit.splice(i, 1);
        };
        // The worker answers within its own read deadline; this one only covers a worker gone silent.
        const timer = setTimeout(() => {
          done();
          reject(new Error('the loop thread holding the self-connection did not answer'));
        }, timeoutMs + GRACE_MS);
        const onExit = (): void => {
          done();
          reject(new Error('the loop thread holding the self-connection has exited'));
        };
        const onMessage = (m: LoopWorkerMessage): void => {
          if (m.type !== 'proof' && m.type !== 'error') return;
          done();
          if (m.type === 'proof') resolve(m.proof);
          else reject(new Error(m.message));
        };
        thread.onExit.push(onExit);
        worker.on('message', onMessage);
        worker.postMessage({ type: 'prove', timeoutMs } satisfies LoopWorkerCommand);
      }),
    close: (how: CloseHow, timeoutMs = 1000) => {
      closing ??= new Promise<void>((resolve) => {
        if (thread.exited) {
          resolve();
          return;
        }
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), timeoutMs + GRACE_MS);
        thread.onExit.push(() => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ type: 'close', how, timeoutMs } satisfies LoopWorkerCommand);
      });
      return closing;
    },
  };
}
