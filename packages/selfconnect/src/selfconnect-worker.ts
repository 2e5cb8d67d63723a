import { parentPort, workerData } from 'node:worker_threads';
import { monotonicMs } from '@nettk/core';
import { runLoopHere } from './connect-loop.js';
import type { SelfConnection } from './connection.js';
import { STOP, sharedClaim, type LoopWorkerCommand, type LoopWorkerInput, type LoopWorkerMessage } from './loop-protocol.js';

// Runs only as a worker_threads entry (see parallel-loop.ts).
if (parentPort) {
  const port = parentPort;
  const input = workerData as LoopWorkerInput;
  // Each refused connect is an Error with a captured stack trace, formatted
  // again when the socket is destroyed: 20-30% of the loop. Only codes are read.
  if (!input.loop.debug) Error.stackTraceLimit = 0;
  const control = new Int32Array(input.control);
  const progress = new Float64Array(input.progress);
  const slot = 2 * input.index;
  const controller = new AbortController();
  let connection: SelfConnection | undefined;
  const post = (m: LoopWorkerMessage): void => port.postMessage(m);

  port.on('message', (m: LoopWorkerCommand) => {
    if (m.type === 'stop') controller.abort();
    else if (m.type === 'prove' && connection) {
      connection.prove({ timeoutMs: m.timeoutMs }).then((proof) => post({ type: 'proof', proof }), (e: unknown) => post({ type: 'error', message: String(e) }));
    } else if (m.type === 'close') {
      void (connection?.close(m.how, m.timeoutMs) ?? Promise.resolve()).then(() => port.close());
    }
  });

  const stopRequested = (): boolean => Atomics.load(control, 0) === STOP;
  runLoopHere({
    ...input.loop,
    // One deadline for all threads: the main thread's, which started first.
    timeoutMs: Math.max(0, input.loop.timeoutMs - (monotonicMs() - input.startedAt)),
    signal: controller.signal,
    stopRequested,
    claim: sharedClaim(control, input.loop.maxAttempts),
    progressIntervalMs: 20,
    onProgress: (p) => {
      progress[slot] = p.attempts;
      progress[slot + 1] = p.guardFired;
    },
  }).then(
    (result) => {
      progress[slot] = result.attempts;
      progress[slot + 1] = result.guardFired;
      // The first worker to end the experiment stops its siblings at their next connect.
      if (result.stop === 'self-connected' || result.stop === 'listener' || result.stop === 'local-error') Atomics.store(control, 0, STOP);
      connection = result.connection;
      const { connection: _socketHeld, ...rest } = result;
      post({ type: 'result', result: { ...rest, connection: connection ? { local: connection.local, remote: connection.remote } : undefined } });
      if (connection) {
        // Held until the main thread says close; a close from outside is reported.
        void connection.closed.then(() => post({ type: 'closed' }));
      } else {
        port.close();
      }
    },
    (error: unknown) => {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      port.close();
    },
  );
}
