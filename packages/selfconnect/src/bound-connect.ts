import type { Socket } from 'node:net';
import { DialError, dial, monotonicMs } from '@nettk/core';
import { localSelfConnection, type LocalSelfConnection } from './connection.js';

export interface BoundConnectOptions {
  /** An IP literal of this host. */
  address: string;
  family: 4 | 6;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * The deterministic variant: bind to address:port and connect to the same
 * address:port. The SYN meets its own socket at once (RFC 9293 §3.5
 * simultaneous open), for any port. `busy` reports the errno when the kernel
 * refused the bind (EADDRINUSE) or the 4-tuple (EADDRNOTAVAIL).
 */
export type BoundConnectResult =
  | { ok: true; connection: LocalSelfConnection; elapsedMs: number }
  | { ok: false; errno: 'EADDRINUSE' | 'EADDRNOTAVAIL'; message: string; elapsedMs: number };

export async function connectBoundToItself(options: BoundConnectOptions): Promise<BoundConnectResult> {
  const started = monotonicMs();
  try {
    // The guard stays off: as in Go, it applies only when the kernel chose the port.
    const result = await dial({
      host: options.address,
      port: options.port,
      family: options.family,
      localAddress: options.address,
      localPort: options.port,
      guard: false,
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const socket = result.socket as Socket;
    return {
      ok: true,
      connection: localSelfConnection(
        socket,
        { address: result.localAddress, port: result.localPort },
        { address: socket.remoteAddress ?? result.address, port: socket.remotePort ?? result.port },
      ),
      elapsedMs: monotonicMs() - started,
    };
  } catch (error) {
    if (error instanceof DialError && (error.errno === 'EADDRINUSE' || error.errno === 'EADDRNOTAVAIL')) {
      return { ok: false, errno: error.errno, message: error.message, elapsedMs: monotonicMs() - started };
    }
    throw error;
  }
}
