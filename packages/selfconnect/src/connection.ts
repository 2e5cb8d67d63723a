import type { Socket } from 'node:net';
import { proveSelfTalk, type EchoProof } from './evidence.js';
import type { Endpoint } from './report.js';

export type CloseHow = 'fin' | 'rst';

/**
 * A TCP connection whose two ends are one socket, wherever that socket lives:
 * in this thread (the one-thread loop, the --local-port variant) or in the
 * loop worker that made it (a socket cannot move between threads).
 */
export interface SelfConnection {
  local: Endpoint;
  remote: Endpoint;
  /** Write a random line and read it back: the proof that the peer is the socket itself. */
  prove(options?: { timeoutMs?: number }): Promise<EchoProof>;
  /** Settles once the connection is closed, by close() or from outside (ss -K). */
  readonly closed: Promise<void>;
  /** FIN (leaves the TIME_WAIT) or RST (leaves nothing); waits, bounded, until the fd is released. Idempotent. */
  close(how: CloseHow, timeoutMs?: number): Promise<void>;
}

/** A self-connection held in this thread: its socket is reachable. */
export interface LocalSelfConnection extends SelfConnection {
  socket: Socket;
}

export function localSelfConnection(socket: Socket, local: Endpoint, remote: Endpoint): LocalSelfConnection {
  const closed = new Promise<void>((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
  return {
    socket,
    local,
    remote,
    closed,
    prove: (options) => (socket.destroyed ? Promise.reject(new Error('the self-connection is closed')) : proveSelfTalk(socket, options)),
    close: (how, timeoutMs) => closeSocket(socket, how, timeoutMs),
  };
}

/** Close a socket and wait (bounded) until its fd is released, so what the kernel shows next is final. */
export function closeSocket(socket: Socket, how: CloseHow, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed && socket.closed) {
      resolve();
      return;
    }
    const timer = setTimeout(finish, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      socket.removeListener('close', finish);
      resolve();
    }
    socket.once('close', finish);
    socket.on('error', () => {});
    if (how === 'rst') socket.resetAndDestroy();
    else socket.destroy();
  });
}
