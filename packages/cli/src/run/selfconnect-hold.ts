import type { Socket } from 'node:net';

export type HoldEnd = 'expired' | 'interrupted' | 'closed';

/**
 * Keep a socket open for `seconds` so the user can look at it with ss or
 * `nettk sockets`. Ctrl-C (SIGINT) or SIGTERM ends the wait early; the
 * caller then closes the socket as it would have anyway. Every listener and
 * the timer are removed on every path.
 */
export function holdOpen(socket: Socket, seconds: number): Promise<HoldEnd> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (end: HoldEnd): void => {
      if (timer) clearTimeout(timer);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      socket.removeListener('close', onClose);
      resolve(end);
    };
    const onSignal = (): void => done('interrupted');
    const onClose = (): void => done('closed');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    socket.once('close', onClose);
    timer = setTimeout(() => done('expired'), seconds * 1000);
  });
}

/** Close a socket and wait (bounded) until its fd is released, so what the kernel shows next is final. */
export function closeAndWait(socket: Socket, how: 'fin' | 'rst', timeoutMs = 1000): Promise<void> {
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
