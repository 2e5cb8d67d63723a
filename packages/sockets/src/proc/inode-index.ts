/**
 * inode → small integer, open addressing over typed arrays. A Map of 20,000
 * numbers costs 10-50 ms to build here (rehashing, and a heap object per
 * entry for the garbage collector to copy); this costs about one.
 * Inodes are positive (0 marks an empty slot); they fit a float64 exactly.
 */
export class InodeIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** inode → its position in the list. */
  static of(inodes: ArrayLike<number>): InodeIndex {
    const index = new InodeIndex(inodes.length);
    for (let i = 0; i < inodes.length; i++) index.set(inodes[i] as number, i);
    return index;
  }

  /** Wanted inodes, none claimed yet (every value -1): see claim(). */
  static wanted(inodes: Iterable<number>, expected = 16): InodeIndex {
    const index = new InodeIndex(expected);
    for (const inode of inodes) if (inode > 0) index.set(inode, -1);
    return index;
  }

  /** The slot of `inode`: where it is, or the empty slot where it would go. */
  private slot(inode: number): number {
    // Fibonacci hashing of the low 32 bits (socket inodes come from get_next_ino(), a 32-bit counter).
    let s = Math.imul(inode >>> 0, 0x9e3779b1) >>> 0 & this.mask;
    for (;;) {
      const k = this.keys[s] as number;
      if (k === inode || k === 0) return s;
      s = (s + 1) & this.mask;
    }
  }

  get(inode: number): number | undefined {
    if (inode <= 0) return undefined;
    const s = this.slot(inode);
    return this.keys[s] === inode ? (this.values[s] as number) : undefined;
  }

  /**
   * For an index of wanted inodes (InodeIndex.wanted: values below 0, no
   * owner yet): gives `value` to `inode` if it is there without one. One probe
   * where has + get + set would take three.
   */
  claim(inode: number, value: number): boolean {
    if (inode <= 0) return false;
    const s = this.slot(inode);
    if (this.keys[s] !== inode || (this.values[s] as number) >= 0) return false;
    this.values[s] = value;
    return true;
  }

  has(inode: number): boolean {
    return inode > 0 && this.keys[this.slot(inode)] === inode;
  }

  /** Adds or replaces. */
  set(inode: number, value: number): void {
    if (!(inode > 0)) throw new RangeError(`bad inode ${inode}`);
    if (2 * (this.size + 1) > this.keys.length) this.rehash();
    const s = this.slot(inode);
    if (this.keys[s] !== inode) {
      this.keys[s] = inode;
      this.size++;
    }
    this.values[s] = value;
  }

  private rehash(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as number;
      if (k !== 0) {
        const s = this.slot(k);
        this.keys[s] = k;
        this.values[s] = values[i] as number;
      }
    }
  }
}
