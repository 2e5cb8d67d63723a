import { describe, expect, it } from 'vitest';
import { freePort, listen } from '../../../test/helpers/servers.js';
import { scan, type ScanOutcome } from './scan.js';
import type { ProbeTarget } from './types.js';

const local: ProbeTarget = { host: '127.0.0.1', addresses: [{ address: '127.0.0.1', family: 4 }], error: null };
const unresolved: ProbeTarget = { host: 'nowhere.invalid', addresses: [], error: 'cannot resolve' };

describe('scan with a shared cursor', () => {
  it('hands every (target, address, port) to exactly one of the scanners sharing it, skipping targets without addresses', async () => {
    const server = await listen();
    try {
      const ports: number[] = [server.port];
      for (let i = 0; i < 24; i++) ports.push(await freePort());
      const targets = [unresolved, local, unresolved, unresolved, local, unresolved];
      const cursor = new Int32Array(new SharedArrayBuffer(4));
      const seen: Array<ScanOutcome & { scanner: number }> = [];
      const options = { timeoutMs: 2000, retries: 0, first: false, guard: true, cursor };
      // Two scanners in one thread stand for two threads: the cursor is all they share.
      await Promise.all([0, 1].map((scanner) => scan(targets, ports, { ...options, concurrency: scanner === 0 ? 1 : 4 }, (o) => seen.push({ ...o, scanner }))));
      const units = seen.map((o) => `${o.target}/${o.address}/${o.port}`).sort();
      const expected = [1, 4].flatMap((t) => ports.map((_, p) => `${t}/0/${p}`)).sort();
      expect(units).toEqual(expected);
      // Both scanners took a share, the one with more connects in flight the bigger one.
      const byScanner = [0, 1].map((s) => seen.filter((o) => o.scanner === s).length);
      expect(byScanner[0]).toBeGreaterThan(0);
      expect(byScanner[1]).toBeGreaterThan(byScanner[0]!);
      expect(seen.filter((o) => o.state === 'open').map((o) => [o.target, ports[o.port]])).toEqual(
        expect.arrayContaining([
          [1, server.port],
          [4, server.port],
        ]),
      );
      expect(Atomics.load(cursor, 0)).toBeGreaterThanOrEqual(expected.length);
    } finally {
      await server.close();
    }
  });

  it('ends at once when every target is unresolved', async () => {
    const cursor = new Int32Array(new SharedArrayBuffer(4));
    const seen: ScanOutcome[] = [];
    await scan([unresolved], [80, 443], { timeoutMs: 100, retries: 0, first: false, guard: true, cursor }, (o) => seen.push(o));
    expect(seen).toEqual([]);
  });
});
