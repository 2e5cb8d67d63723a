import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.js';

describe('the probe limiter', () => {
  it('grants up to the limit at once, queues the rest and hands slots over in order', async () => {
    const limiter = new Limiter(2, 10);
    const signal = new AbortController().signal;
    const a = await limiter.acquire(signal);
    const b = await limiter.acquire(signal);
    expect(typeof a).toBe('function');
    const order: string[] = [];
    const c = limiter.acquire(signal).then((r) => (order.push('c'), r));
    const d = limiter.acquire(signal).then((r) => (order.push('d'), r));
    expect([limiter.inFlight, limiter.queued]).toEqual([2, 2]);
    (a as () => void)();
    (a as () => void)(); // releasing twice is harmless
    const granted = await c;
    expect(typeof granted).toBe('function');
    expect([limiter.inFlight, limiter.queued]).toEqual([2, 1]);
    (b as () => void)();
    (granted as () => void)();
    ((await d) as () => void)();
    expect(order).toEqual(['c', 'd']);
    expect([limiter.inFlight, limiter.queued]).toEqual([0, 0]);
  });

  it('refuses at once when the queue is full', async () => {
    const limiter = new Limiter(1, 1);
    const signal = new AbortController().signal;
    await limiter.acquire(signal);
    void limiter.acquire(signal);
    expect(await limiter.acquire(signal)).toBe('queue-full');
  });

  it('lets a waiter give up when its deadline passes, leaving the queue clean', async () => {
    const limiter = new Limiter(1, 5);
    const release = (await limiter.acquire(new AbortController().signal)) as () => void;
    const waited = await limiter.acquire(AbortSignal.timeout(30));
    expect(waited).toBe('queue-timeout');
    expect(limiter.queued).toBe(0);
    release();
    expect(limiter.inFlight).toBe(0);
  });
});
