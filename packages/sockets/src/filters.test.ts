import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptQueueFull, compareSockets, filterSockets, sortSockets } from './filters.js';
import { sock } from './test-sockets.test-util.js';

describe('filterSockets', () => {
  const all = [
    sock({ state: 'ESTABLISHED', local: { address: '127.0.0.1', port: 8080 }, pid: 1, command: 'Nginx' }),
    sock({ state: 'TIME_WAIT', remote: { address: '127.0.0.1', port: 8080 }, pid: null, command: null, inode: 0 }),
    sock({ state: 'CLOSE_WAIT', pid: 2, command: 'java' }),
  ];

  it('matches a port at either end', () => {
    expect(filterSockets(all, { port: 8080 }).map((s) => s.state)).toEqual(['ESTABLISHED', 'TIME_WAIT']);
  });

  it('matches states, pid and a case-insensitive part of the process name', () => {
    expect(filterSockets(all, { states: new Set(['CLOSE_WAIT']) })).toHaveLength(1);
    expect(filterSockets(all, { pid: 2 }).map((s) => s.command)).toEqual(['java']);
    expect(filterSockets(all, { process: 'ngi' }).map((s) => s.pid)).toEqual([1]);
    expect(filterSockets(all, { process: 'ngi', port: 9 })).toEqual([]);
  });
});

describe('acceptQueueFull', () => {
  it('is true only when the queue holds more than the backlog (sk_acceptq_is_full)', () => {
    expect(acceptQueueFull(sock({ state: 'LISTEN', recvQ: 3, sendQ: 2 }))).toBe(true);
    expect(acceptQueueFull(sock({ state: 'LISTEN', recvQ: 2, sendQ: 2 }))).toBe(false);
    expect(acceptQueueFull(sock({ state: 'LISTEN', recvQ: 1, sendQ: 0 }))).toBe(true);
    expect(acceptQueueFull(sock({ state: 'LISTEN', recvQ: 3, sendQ: null }))).toBeNull();
    expect(acceptQueueFull(sock({ state: 'ESTABLISHED', recvQ: 9, sendQ: 1 }))).toBe(false);
  });
});

describe('sortSockets', () => {
  it('agrees with compareSockets on random sockets, ties on ports included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            proto: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
            family: fc.constantFrom<4 | 6>(4, 6),
            lport: fc.constantFrom(0, 80, 65535),
            rport: fc.constantFrom(0, 1, 65535),
            la: fc.constantFrom('127.0.0.1', '10.0.0.1', '::1'),
            ra: fc.constantFrom('127.0.0.1', '::'),
          }),
          { maxLength: 60 },
        ),
        (specs) => {
          const list = specs.map((x) => sock({ state: 'ESTABLISHED', proto: x.proto, family: x.family, local: { address: x.la, port: x.lport }, remote: { address: x.ra, port: x.rport } }));
          const key = (s: (typeof list)[number]): string => `${s.proto}${s.family} ${s.local.address}:${s.local.port} ${s.remote.address}:${s.remote.port}`;
          expect(sortSockets([...list]).map(key)).toEqual([...list].sort(compareSockets).map(key));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('orders like compareSockets: proto, local port, family, remote port, addresses', () => {
    const list = [
      sock({ state: 'UNCONN', proto: 'udp', local: { address: '0.0.0.0', port: 1 } }),
      sock({ state: 'ESTABLISHED', family: 6, local: { address: '::1', port: 80 } }),
      sock({ state: 'ESTABLISHED', local: { address: '127.0.0.2', port: 80 }, remote: { address: '127.0.0.1', port: 5 } }),
      sock({ state: 'ESTABLISHED', local: { address: '127.0.0.1', port: 80 }, remote: { address: '127.0.0.1', port: 9 } }),
      sock({ state: 'ESTABLISHED', local: { address: '127.0.0.1', port: 80 }, remote: { address: '127.0.0.1', port: 7 } }),
      sock({ state: 'LISTEN', local: { address: '0.0.0.0', port: 22 } }),
    ];
    const expected = [...list].sort(compareSockets);
    expect(sortSockets([...list])).toEqual(expected);
    expect(sortSockets([...list].reverse())).toEqual(expected);
    expect(expected.map((s) => `${s.proto}${s.family} ${s.local.address}:${s.local.port}>${s.remote.port}`)).toEqual([
      'tcp4 0.0.0.0:22>2000', 'tcp4 127.0.0.2:80>5', 'tcp4 127.0.0.1:80>7', 'tcp4 127.0.0.1:80>9', 'tcp6 ::1:80>2000', 'udp4 0.0.0.0:1>2000',
    ]);
  });
});
