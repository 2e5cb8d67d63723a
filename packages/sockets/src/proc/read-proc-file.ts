import { closeSync, openSync, readSync } from 'node:fs';

const FIRST_CHUNK = 1 << 20;
const NEXT_CHUNK = 4 << 20;
const MAX_BYTES = 1 << 30;

/**
 * Reads a procfs file and returns the bytes. procfs reports size 0 and hands
 * out about one page per read() (the kernel formats /proc/net/tcp a page at a
 * time), so the cost is the kernel's; this only avoids readFileSync's 64 KiB
 * chunks and final copy: reads land in 1 MiB, then 4 MiB buffers, joined once
 * at the end (no copy when the file fits the first one). Capped at 1 GiB.
 */
export function readProcFile(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (let size = FIRST_CHUNK; ; size = NEXT_CHUNK) {
      const chunk = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const n = readSync(fd, chunk, filled, size - filled, null);
        if (n === 0) break;
        filled += n;
      }
      chunks.push(chunk.subarray(0, filled));
      total += filled;
      if (filled < size) break;
      if (total >= MAX_BYTES) throw new Error(`${path}: larger than ${MAX_BYTES} bytes`);
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
