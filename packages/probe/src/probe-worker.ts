import { parentPort, workerData } from 'node:worker_threads';
import { OutcomeWriter, type OutcomeBatch } from './outcome-rows.js';
import { scan, type ScanOptions } from './scan.js';
import type { ProbeTarget } from './types.js';

/** What the main thread hands a scan worker. */
export interface WorkerInput {
  targets: ProbeTarget[];
  /** Ports as 16-bit numbers: 128 KB for 1-65535 instead of a 512 KB array in every worker's heap. */
  ports: Uint16Array;
  options: Omit<ScanOptions, 'signal' | 'cursor'>;
  /** The cursor shared by every scanning thread (an Int32Array over it); without it, options.stride and offset. */
  cursor?: SharedArrayBuffer | undefined;
}

/** Messages back: batches of outcomes, then done (or an error). */
export type WorkerMessage = { type: 'batch'; batch: OutcomeBatch } | { type: 'done' } | { type: 'error'; message: string };

const BATCH = 512;

// Runs only as a worker_threads entry (see parallel.ts).
if (parentPort) {
  // Every refused port is an Error that Node builds with a captured stack
  // trace and formats again when the socket is destroyed; this thread only
  // reads their codes (a full scan: ~10% faster without the traces).
  Error.stackTraceLimit = 0;
  const port = parentPort;
  const input = workerData as WorkerInput;
  const rows = new OutcomeWriter(BATCH);
  const send = (): void => {
    const batch = rows.take();
    port.postMessage({ type: 'batch', batch } satisfies WorkerMessage, [batch.rows.buffer as ArrayBuffer]);
  };
  const controller = new AbortController();
  port.on('message', (m: unknown) => {
    if (m === 'abort') controller.abort();
  });
  scan(input.targets, input.ports, { ...input.options, cursor: input.cursor ? new Int32Array(input.cursor) : undefined, signal: controller.signal }, (outcome) => {
    rows.add(outcome);
    if (rows.full) send();
  }).then(
    () => {
      if (rows.size > 0) send();
      port.postMessage({ type: 'done' } satisfies WorkerMessage);
      port.close();
    },
    (err: unknown) => {
      port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
      port.close();
    },
  );
}
