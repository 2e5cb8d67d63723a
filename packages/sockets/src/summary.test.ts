import { describe, expect, it } from 'vitest';
import { hotSpots, summarize } from './summary.js';
import { sock } from './test-sockets.test-util.js';

describe('hotSpots', () => {
  it('groups server-side sockets by the listening port and client-side ones by the peer', () => {
    const list = [
      sock({ state: 'LISTEN', local: { address: '0.0.0.0', port: 8080 }, remote: { address: '0.0.0.0', port: 0 } }),
      ...[1, 2, 3].map((i) => sock({ state: 'CLOSE_WAIT', local: { address: '127.0.0.1', port: 8080 }, remote: { address: '127.0.0.1', port: 40000 + i }, pid: 7, command: 'java' })),
      sock({ state: 'CLOSE_WAIT', local: { address: '127.0.0.1', port: 8080 }, pid: 8, command: 'java' }),
      ...[1, 2].map((i) => sock({ state: 'TIME_WAIT', local: { address: '127.0.0.1', port: 50000 + i }, remote: { address: '10.0.0.5', port: 6379 }, pid: null, command: null, inode: 0 })),
      sock({ state: 'TIME_WAIT', local: { address: '::1', port: 50009 }, remote: { address: '::1', port: 443 }, family: 6, pid: null, command: null, inode: 0 }),
    ];
    expect(hotSpots(list)).toEqual([
      { state: 'CLOSE_WAIT', side: 'local', endpoint: ':8080', count: 4, processes: [{ pid: 7, command: 'java', count: 3 }, { pid: 8, command: 'java', count: 1 }] },
      { state: 'TIME_WAIT', side: 'peer', endpoint: '10.0.0.5:6379', count: 2, processes: [{ pid: null, command: null, count: 2 }] },
      { state: 'TIME_WAIT', side: 'peer', endpoint: '[::1]:443', count: 1, processes: [{ pid: null, command: null, count: 1 }] },
    ]);
    expect(hotSpots(list, 1).map((h) => h.endpoint)).toEqual([':8080', '10.0.0.5:6379']);
  });
});

describe('summarize', () => {
  it('counts per protocol, family and state, and carries the kernel totals it was given', () => {
    const s = summarize(
      [sock({ state: 'ESTABLISHED' }), sock({ state: 'ESTABLISHED', family: 6 }), sock({ state: 'UNCONN', proto: 'udp' })],
      5,
      { TCP: { inuse: 2 } },
    );
    expect(s.total).toBe(3);
    expect(s.tcp).toEqual({ total: 2, ipv4: 1, ipv6: 1, byState: { ESTABLISHED: 2 } });
    expect(s.udp).toEqual({ total: 1, ipv4: 1, ipv6: 0, byState: { UNCONN: 1 } });
    expect(s.kernel).toEqual({ TCP: { inuse: 2 } });
    expect(s.hotSpots).toEqual([]);
  });
});
