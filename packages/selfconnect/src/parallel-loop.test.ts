import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Loop threads load the built selfconnect-worker.js, so these tests run the built package.
import { runConnectLoop, type LoopProgress } from '@nettk/selfconnect';
import { listen } from '../../../test/helpers/servers.js';
import { freeReproduciblePort } from './free-ports.test-util.js';
import { assessPort } from './port-assessment.js';
import { readPortFacts } from './port-facts.js';

const facts = await readPortFacts();

async function unreachablePort(): Promise<number> {
  const even = await freeReproduciblePort();
  return assessPort(even + 1, facts).verdict === 'reproducible' ? even - 1 : even + 1;
}

/** States (hex codes) of sockets whose local and remote port are both `port`. */
function selfPairs(port: number): string[] {
  const out: string[] = [];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length > 3 && Number.parseInt(cols[1]!.split(':')[1]!, 16) === port && Number.parseInt(cols[2]!.split(':')[1]!, 16) === port) out.push(cols[3]!);
  }
  return out;
}

describe('runConnectLoop in this thread and worker threads', () => {
  it('shares maxAttempts exactly between the threads, every connect refused', async () => {
    const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port: await unreachablePort(), maxAttempts: 501, timeoutMs: 10_000, guard: false, threads: 2, inFlight: 2 });
    expect(r).toMatchObject({ stop: 'max-attempts', attempts: 501, refused: 501, otherFailures: 0, connection: undefined });
    expect(r.perSecond).toBeGreaterThan(0);
  });

  it('stops every thread at the one deadline', async () => {
    const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port: await unreachablePort(), maxAttempts: 10_000_000, timeoutMs: 1500, guard: false, threads: 2 });
    expect(r.stop).toBe('timeout');
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1499);
    expect(r.elapsedMs).toBeLessThan(5000);
    expect(r.attempts).toBeGreaterThan(0);
    // Each thread's connect in flight at the deadline is cancelled, not refused.
    expect(r.refused).toBeGreaterThanOrEqual(r.attempts - 2);
  });

  it('reports progress summed over the threads from shared counters, and stops on abort', async () => {
    const controller = new AbortController();
    const seen: LoopProgress[] = [];
    const r = await runConnectLoop({
      address: '127.0.0.1',
      family: 4,
      port: await unreachablePort(),
      maxAttempts: 10_000_000,
      timeoutMs: 10_000,
      guard: false,
      threads: 2,
      signal: controller.signal,
      progressIntervalMs: 50,
      onProgress: (p) => {
        // Threads take a moment to start: count reports once connects are made.
        if (p.attempts > 0) seen.push(p);
        if (seen.length === 3) controller.abort();
      },
    });
    expect(r.stop).toBe('aborted');
    // Reports may go on while the workers finish their last connect.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[2]!.attempts).toBeGreaterThan(seen[0]!.attempts);
    // The final count includes what happened after the last progress report.
    expect(r.attempts).toBeGreaterThanOrEqual(seen.at(-1)!.attempts);
    expect(r.elapsedMs).toBeLessThan(5000);
  });

  it('stops all threads with "listener" when a real server answers', async () => {
    const server = await listen();
    try {
      const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port: server.port, maxAttempts: 1000, timeoutMs: 5000, guard: false, threads: 2 });
      expect(r.stop).toBe('listener');
      expect(r.answeredBy).toEqual({ address: '127.0.0.1', port: server.port });
      expect(r.connection).toBeUndefined();
      // Each thread stops at its first answer or at the flag its sibling set.
      expect(r.attempts).toBeLessThan(50);
    } finally {
      await server.close();
    }
  });

  it('gives up with "local-error" in every thread when connects fail for another reason than a refusal', async () => {
    const r = await runConnectLoop({ address: '255.255.255.255', family: 4, port: 9, maxAttempts: 10_000, timeoutMs: 10_000, guard: false, threads: 2 });
    expect(r.stop).toBe('local-error');
    expect(r.lastFailure?.errno).toBe('ENETUNREACH');
    expect(r.refused).toBe(0);
  });

  it('reproduces, and whichever thread holds the socket proves, holds and closes it on request', { timeout: 60_000 }, async () => {
    const port = await freeReproduciblePort();
    const r = await runConnectLoop({ address: '127.0.0.1', family: 4, port, maxAttempts: 400_000, timeoutMs: 45_000, guard: false, threads: 2 });
    expect(r.stop).toBe('self-connected');
    const connection = r.connection!;
    try {
      expect(connection.local).toEqual({ address: '127.0.0.1', port });
      expect(connection.remote).toEqual({ address: '127.0.0.1', port });
      expect(selfPairs(port)).toEqual(['01']); // ESTABLISHED, held by the worker thread
      const proof = await connection.prove();
      expect(proof.matched).toBe(true);
      expect(proof.received).toBe(proof.sent);
      let closed = false;
      void connection.closed.then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(false);
    } finally {
      await connection.close('rst');
    }
    await connection.closed;
    expect(selfPairs(port)).toEqual([]); // RST: no TIME_WAIT either
    // Idempotent; and after the close the connection answers at once instead of waiting out a deadline
    // (a worker's: its thread has exited; this thread's: the socket is destroyed).
    await connection.close('rst');
    const t0 = performance.now();
    await expect(connection.prove()).rejects.toThrow('socket' in connection ? /is closed/ : /has exited/);
    await connection.close('fin');
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
