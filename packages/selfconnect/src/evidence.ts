import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { NettkError, SocketReader, errnoOf, monotonicMs } from '@nettk/core';

// Evidence of what a self-connection is and does: it reads its own bytes,
// and (when the kernel chose its port) no server can bind that port.

export interface EchoProof {
  /** What was written: a line with a random token, so the bytes cannot come from anyone else. */
  sent: string;
  /** What was read back within the deadline (empty when nothing came). */
  received: string;
  matched: boolean;
  ms: number;
}

/**
 * Write a random line and read the same number of bytes back. On a
 * self-connection the bytes written land in the socket's own receive queue:
 * reading them back is the proof that the "peer" is the socket itself.
 */
export async function proveSelfTalk(socket: Socket, options: { timeoutMs?: number } = {}): Promise<EchoProof> {
  const sent = `nettk self-connect proof ${randomBytes(8).toString('hex')}\n`;
  const bytes = Buffer.from(sent, 'latin1');
  const reader = new SocketReader(socket, { highWaterMark: 4096 });
  const started = monotonicMs();
  try {
    socket.write(bytes);
    const back = await reader.readExactly(bytes.length, { timeoutMs: options.timeoutMs ?? 2000, maxBytes: bytes.length });
    const received = back.toString('latin1');
    return { sent, received, matched: back.equals(bytes), ms: monotonicMs() - started };
  } catch (error) {
    if (!(error instanceof NettkError)) throw error;
    return { sent, received: '', matched: false, ms: monotonicMs() - started };
  } finally {
    reader.detach();
  }
}

export interface BindCheck {
  address: string;
  port: number;
  /** True when a server could listen there right now. */
  ok: boolean;
  /** EADDRINUSE when something holds the port. */
  errno: string | undefined;
}

/**
 * Would a server starting now be able to listen on address:port? Opens a
 * listener and closes it at once. Node sets SO_REUSEADDR on listeners, like
 * most servers, so only a real conflict fails: a listener, or a socket whose
 * port the kernel chose in connect() (its bind bucket refuses any bind()).
 */
export function checkServerBind(address: string, port: number): Promise<BindCheck> {
  return new Promise((resolve) => {
    const server = createServer();
    // A failed listen() has already closed its handle: nothing to release.
    server.once('error', (error) => {
      resolve({ address, port, ok: false, errno: errnoOf(error) ?? 'error' });
    });
    server.listen({ host: address, port, exclusive: true, backlog: 1 }, () => {
      server.close(() => resolve({ address, port, ok: true, errno: undefined }));
    });
  });
}

/** The wildcard a typical server binds for this family. */
export function wildcardFor(family: 4 | 6): string {
  return family === 6 ? '::' : '0.0.0.0';
}
