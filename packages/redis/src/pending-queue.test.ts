import { describe, expect, it } from 'vitest';
import { PendingQueue } from './pending-queue.js';

describe('PendingQueue', () => {
  it('keeps FIFO order across compactions', () => {
    const q = new PendingQueue<number>();
    let next = 0;
    for (let i = 0; i < 20_000; i++) q.push(i);
    for (let i = 0; i < 15_000; i++) expect(q.shift()).toBe(next++);
    for (let i = 20_000; i < 30_000; i++) q.push(i);
    expect(q.length).toBe(15_000);
    expect(q.peek()).toBe(next);
    const rest = q.drain();
    expect(rest[0]).toBe(15_000);
    expect(rest[rest.length - 1]).toBe(29_999);
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
  });
});
