import { OutcomeReader, type ClosedCounter } from './outcome-rows.js';
import type { WorkerInput, WorkerMessage } from './probe-worker.js';
import { MAX_SHARED_UNITS, scan, type ScanOptions, type ScanOutcome } from './scan.js';
import type { ProbeTarget } from './types.js';

/**
 * A scan worker holds at most its connects in flight and one batch of
 * outcomes; capping its heap makes V8 collect early instead of growing:
 * full loopback scan peak RSS 130 MB -> 114 MB, same speed (bench/README.md).
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 24 };

/**
 * Connects in flight in this thread's share. Its heap has no cap, and the
 * more sockets survive its scavenges the more its young generation grows
 * (full loopback scan, peak RSS: 74-77 MB at 16, 75-81 MB at 32, 81 MB at
 * 64); a worker thread instead of this share would cost ~8 MB more.
 */
const THIS_THREAD_MAX_CONCURRENCY = 16;

/**
 * Split a scan across `threads` threads: this one and `threads - 1` worker
 * threads, each with its own event loop. A Node connect costs ~40 µs of CPU,
 * so one thread tops out near 25k ports/s while the kernel side scales with
 * cores. The threads take ports from one shared cursor (Atomics), so a
 * faster or less loaded thread simply takes more, and listeners clustered
 * in one range load nobody in particular.
 */
export function scanParallel(
  targets: ProbeTarget[],
  ports: number[],
  options: ScanOptions,
  threads: number,
  onOutcome: (outcome: ScanOutcome) => void,
  onClosed?: ClosedCounter,
): Promise<void> {
  const perTarget = targets.map((t) => (t.error ? 0 : options.first ? Math.min(1, t.addresses.length) : t.addresses.length));
  const units = perTarget.reduce((a, n) => a + n * ports.length, 0);
  const workers = Math.max(1, threads - 1);
  // node:worker_threads loads only for scans big enough to use it (start-up of a one-port probe).
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const url = new URL('./probe-worker.js', import.meta.url);
  const { signal, ...plain } = options;
  // Past an Int32 cursor's reach (32k hosts x 65535 ports), the workers deal ports by stride alone.
  const shared = units <= MAX_SHARED_UNITS ? new SharedArrayBuffer(4) : undefined;
  const cursor = shared ? new Int32Array(shared) : undefined;
  const total = options.concurrency;
  const here = total === undefined ? THIS_THREAD_MAX_CONCURRENCY : Math.max(1, Math.min(THIS_THREAD_MAX_CONCURRENCY, Math.floor(total / threads)));
  const perWorker = total === undefined ? undefined : Math.max(1, Math.floor((total - here) / workers));
  const portList = Uint16Array.from(ports);
  return new Promise<void>((resolve, reject) => {
    const running = new Set<InstanceType<typeof Worker>>();
    let hereDone = !cursor;
    let failed = false;
    const controller = new AbortController();
    const stopAll = (): void => {
      controller.abort();
      for (const w of running) w.postMessage('abort');
    };
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      signal?.removeEventListener('abort', onAbort);
      stopAll();
      reject(err);
    };
    const onAbort = (): void => fail(signal?.reason ?? new Error('aborted'));
    const settle = (): void => {
      if (running.size > 0 || !hereDone || failed) return;
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < workers; i++) {
      const input: WorkerInput = cursor
        ? { targets, ports: portList, options: { ...plain, concurrency: perWorker }, cursor: shared }
        : { targets, ports: portList, options: { ...plain, concurrency: perWorker, stride: workers, offset: i } };
      const worker = new Worker(url, { workerData: input, resourceLimits: WORKER_HEAP });
      running.add(worker);
      const reader = new OutcomeReader();
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'batch') {
          if (!failed) reader.read(m.batch, onOutcome, onClosed);
        } else if (m.type === 'error') {
          fail(new Error(`scan worker failed: ${m.message}`));
        }
      });
      worker.once('error', fail);
      worker.once('exit', () => {
        running.delete(worker);
        settle();
      });
    }
    // This thread's share, from the same cursor.
    if (cursor) {
      const onHere = onClosed ? (o: ScanOutcome): void => (o.state === 'closed' ? onClosed(o.target, o.address, o.guardFired) : onOutcome(o)) : onOutcome;
      scan(targets, portList, { ...plain, concurrency: here, cursor, signal: controller.signal }, onHere).then(() => {
        hereDone = true;
        settle();
      }, fail);
    }
  });
}
