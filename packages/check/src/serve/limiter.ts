/**
 * A counting semaphore with a bounded queue: at most `limit` holders, at
 * most `maxQueue` waiters; a waiter gives up when its signal aborts (its
 * scrape ran out of time), so no request waits past its deadline.
 */
export class Limiter {
  private active = 0;
  private readonly waiters: Array<{ grant: () => void }> = [];

  constructor(
    readonly limit: number,
    readonly maxQueue: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /**
   * Resolves with a release function, or with 'queue-full' at once, or
   * 'queue-timeout' when `signal` aborts first.
   */
  acquire(signal: AbortSignal): Promise<(() => void) | 'queue-full' | 'queue-timeout'> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.maxQueue) return Promise.resolve('queue-full');
    if (signal.aborted) return Promise.resolve('queue-timeout');
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve('queue-timeout');
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter: `active` stays the same.
      if (next) next.grant();
      else this.active--;
    };
  }
}
