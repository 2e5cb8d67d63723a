import type { ConnectLoopOptions, LoopResult } from './connect-loop.js';
import type { CloseHow, SelfConnection } from './connection.js';
import type { EchoProof } from './evidence.js';

// What the main thread (parallel-loop.ts) and a loop worker (selfconnect-worker.ts) say to each other.

/** What the main thread hands a loop worker (parallel-loop.ts). */
export interface LoopWorkerInput {
  loop: Omit<ConnectLoopOptions, 'signal' | 'onProgress' | 'stopRequested' | 'threads'>;
  /** Int32Array view: [0] the stop flag every thread polls before each connect, [1] attempts claimed (sharedClaim). */
  control: SharedArrayBuffer;
  /** Float64Array view: [2*index] attempts, [2*index+1] guard firings, published as the loop runs. */
  progress: SharedArrayBuffer;
  index: number;
  /** monotonicMs() when the main thread started the loop: the deadline counts from there. */
  startedAt: number;
}

/** The loop's result without the socket, which stays in the worker that made it. */
export type WorkerLoopResult = Omit<LoopResult, 'connection'> & { connection: Pick<SelfConnection, 'local' | 'remote'> | undefined };

export type LoopWorkerMessage =
  | { type: 'result'; result: WorkerLoopResult }
  | { type: 'proof'; proof: EchoProof }
  | { type: 'closed' }
  | { type: 'error'; message: string };

export type LoopWorkerCommand = { type: 'stop' } | { type: 'prove'; timeoutMs: number } | { type: 'close'; how: CloseHow; timeoutMs: number };

export const STOP = 1;

/** Claims one of `max` attempts from control[1]; false once they are all taken. */
export function sharedClaim(control: Int32Array, max: number): () => boolean {
  // An Int32 counter: past 2^31 - 1 attempts (years at this speed) the budget is that.
  const limit = Math.min(max, 0x7fffffff);
  return () => {
    const n = Atomics.add(control, 1, 1);
    return n >= 0 && n < limit;
  };
}
