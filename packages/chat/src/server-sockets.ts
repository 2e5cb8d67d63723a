import type { Socket } from 'node:net';
import { NettkError, errnoOf, formatHostPort } from '@nettk/core';

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)',
  EADDRNOTAVAIL: 'address not available on this host',
};

/** A listen() failure as one line naming the address (exit 3 in the CLI). */
export function listenError(error: Error, host: string, port: number): NettkError {
  const why = LISTEN_ERRORS[errnoOf(error) ?? ''] ?? error.message;
  return new NettkError('NETTK_ERR_NETWORK', `cannot listen on ${formatHostPort(host, port)}: ${why}`, { cause: error });
}

/** Resolves when the socket has closed; destroys it first if that takes longer than graceMs. */
export function closedWithin(socket: Socket, graceMs: number): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
