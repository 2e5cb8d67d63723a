import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SocketEntry } from '../model.js';
import { parseProcNet } from './parse-net.js';
import { formatIpv6 } from './addresses.js';
import { PROC_HEADER, addressBytes, procLine } from './proc-format.test-util.js';
import { endianness } from 'node:os';

// Recorded on this machine (x86-64, kernel 6.x): header, a LISTEN, a TIME_WAIT (inode 0), an ESTABLISHED.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 166 1 000000007d5613f3 100 0 0 10 0                       
  69: 0100007F:B178 0100007F:AA2B 06 00000000:00000000 03:00000F44 00000000     0        0 0 3 000000004c769fda                                      
10240: 0100007F:9E8B 0100007F:1F90 01 0000001A:00000003 00:00000000 00000000  1000        0 4796940 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   1: 00000000000000000000000000000000:A50B 00000000000000000000000000000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 6456187 1 0000000007e1e36b 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:A50B 0000000000000000FFFF00000100007F:9464 01 00000000:00000000 00:00000000 00000000     0        0 6456189 1 0000000093f25942 20 0 0 10 -1
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
10998: 00000000000000000000000001000000:E23D 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6447111 2 00000000e92b4991 0
`;

describe('parseProcNet', () => {
  it.runIf(endianness() === 'LE')('reads recorded IPv4 rows: LISTEN, TIME_WAIT without an inode, ESTABLISHED with queues and a uid', () => {
    const rows = parseProcNet(TCP, 'tcp', 4);
    expect(rows.map((r) => [r.state, r.local, r.remote, r.recvQ, r.sendQ, r.inode, r.uid])).toEqual([
      ['LISTEN', { address: '0.0.0.0', port: 2024 }, { address: '0.0.0.0', port: 0 }, 0, null, 166, 0],
      ['TIME_WAIT', { address: '127.0.0.1', port: 45432 }, { address: '127.0.0.1', port: 43563 }, 0, 0, 0, 0],
      ['ESTABLISHED', { address: '127.0.0.1', port: 40587 }, { address: '127.0.0.1', port: 8080 }, 3, 26, 4796940, 1000],
    ]);
    expect(rows.every((r) => r.pid === null && r.command === null && r.fd === null && r.user === null)).toBe(true);
  });

  it.runIf(endianness() === 'LE')('reads recorded IPv6 rows, the dual-stack wildcard and IPv4-mapped peers', () => {
    const rows = parseProcNet(TCP6, 'tcp', 6);
    expect(rows.map((r) => [r.family, r.state, r.local.address, r.remote.address, r.recvQ])).toEqual([
      [6, 'LISTEN', '::', '::', 3],
      [6, 'ESTABLISHED', '::ffff:127.0.0.1', '::ffff:127.0.0.1', 0],
    ]);
  });

  it.runIf(endianness() === 'LE')('calls an unconnected UDP socket (state 07) UNCONN, as ss does, with a wide sl column', () => {
    expect(parseProcNet(UDP6, 'udp', 6)).toEqual([
      { proto: 'udp', family: 6, state: 'UNCONN', local: { address: '::1', port: 57917 }, remote: { address: '::', port: 0 }, recvQ: 0, sendQ: 0, inode: 6447111, uid: 0, user: null, pid: null, command: null, fd: null },
    ]);
  });

  it('drops rows the filter rejects before decoding them', () => {
    const seen: number[] = [];
    const rows = parseProcNet(TCP, 'tcp', 4, (local, remote) => (seen.push(local), local === 2024 || remote === 2024));
    expect(rows).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it('ignores the header, blank lines and truncated rows', () => {
    expect(parseProcNet(`${PROC_HEADER}\n\n   0: 0100007F\n`, 'tcp', 4)).toEqual([]);
    expect(parseProcNet('', 'tcp', 4)).toEqual([]);
  });

  it('parses every row the kernel format can print, one at a time or all together', () => {
    const v4 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map((b) => b.join('.'));
    const v6 = fc.ipV6().map((a) => new URL(`http://[${a}]/`).hostname.slice(1, -1));
    const entry = (family: 4 | 6) =>
      fc.record({
        local: fc.record({ address: family === 4 ? v4 : v6, port: fc.integer({ min: 0, max: 65535 }) }),
        remote: fc.record({ address: family === 4 ? v4 : v6, port: fc.integer({ min: 0, max: 65535 }) }),
        state: fc.constantFrom('ESTABLISHED', 'SYN_SENT', 'TIME_WAIT', 'CLOSE_WAIT', 'LISTEN', 'FIN_WAIT2', 'LAST_ACK'),
        recvQ: fc.nat(0xffffffff),
        sendQ: fc.nat(0xffffffff),
        inode: fc.nat(2 ** 40),
        uid: fc.nat(2 ** 31),
      });
    fc.assert(
      fc.property(fc.constantFrom<4 | 6>(4, 6).chain((family) => fc.tuple(fc.constant(family), fc.array(entry(family), { maxLength: 20 }))), ([family, entries]) => {
        const sockets = entries.map((e) => ({ ...e, proto: 'tcp', family, sendQ: e.state === 'LISTEN' ? null : e.sendQ, user: null, pid: null, command: null, fd: null }) as SocketEntry);
        const lines = sockets.map((s, i) => procLine(i * 977, s));
        const whole = parseProcNet([PROC_HEADER, ...lines, ''].join('\n'), 'tcp', family);
        const oneByOne = lines.flatMap((l) => parseProcNet(`${PROC_HEADER}\n${l}`, 'tcp', family));
        const canonical = sockets.map((s) => ({ ...s, local: { ...s.local, address: formatV6(s.local.address) }, remote: { ...s.remote, address: formatV6(s.remote.address) } }));
        expect(whole).toEqual(canonical);
        expect(oneByOne).toEqual(canonical);
      }),
      { numRuns: 100 },
    );
  });
});

/** The generator writes IPv6 the WHATWG way; the parser answers in glibc's form (dotted tails): compare in that form. */
function formatV6(address: string): string {
  return address.includes(':') ? formatIpv6(addressBytes(address)) : address;
}
