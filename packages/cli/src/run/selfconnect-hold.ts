import type { SelfConnection } from '@nettk/selfconnect';

export type HoldEnd = 'expired' | 'interrupted' | 'closed';

/**
 * Keep a self-connection open for `seconds` so the user can look at it with ss or
 * `nettk sockets`. Ctrl-C (SIGINT) or SIGTERM ends the wait early; the
 * caller then closes it as it would have anyway. Every listener and
 * the timer are removed on every path.
 */
export function holdOpen(connection: SelfConnection, seconds: number): Promise<HoldEnd> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const done = (end: HoldEnd): void => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolve(end);
    };
    const onSignal = (): void => done('interrupted');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void connection.closed.then(() => done('closed'));
    timer = setTimeout(() => done('expired'), seconds * 1000);
  });
}

