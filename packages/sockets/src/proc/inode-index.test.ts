import { describe, expect, it } from 'vitest';
import { InodeIndex } from './inode-index.js';

describe('InodeIndex', () => {
  it('maps inodes to values like a Map, through growth and replacement', () => {
    const index = new InodeIndex(2);
    const map = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const inode = 1 + ((i * 7919) % 100_003) + (i % 3 === 0 ? 2 ** 33 : 0);
      index.set(inode, i);
      map.set(inode, i);
    }
    expect(index.size).toBe(map.size);
    for (const [inode, value] of map) expect(index.get(inode)).toBe(value);
    expect(index.has(424_242_424)).toBe(false);
    expect(index.get(0)).toBeUndefined();
  });

  it('indexes a list by position, counting a repeated inode once', () => {
    const index = InodeIndex.of([12, 99, 12]);
    expect([index.size, index.get(12), index.get(99), index.get(7)]).toEqual([2, 2, 1, undefined]);
  });

  it('claims an inode once, and only one it holds', () => {
    const index = new InodeIndex();
    for (const inode of [5, 6]) index.set(inode, -1);
    expect([index.claim(5, 0), index.claim(5, 1), index.claim(7, 2), index.claim(6, 3)]).toEqual([true, false, false, true]);
    expect([index.get(5), index.get(6), index.has(7)]).toEqual([0, 3, false]);
  });

  it('refuses inode 0 (it marks an empty slot)', () => {
    expect(() => new InodeIndex().set(0, 1)).toThrow(RangeError);
  });
});
