import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCounterTables, pickCounters, readCounterTables } from './counters.js';
import { parsePortRange, parseReservedPorts, readKnobs } from './knobs.js';
import { parseSockstat } from './sockstat.js';

// Recorded from /proc/net/netstat and /proc/net/snmp (shortened to a few columns).
const NETSTAT = `TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed ListenOverflows ListenDrops TCPTimeWaitOverflow
TcpExt: 0 0 0 12 14 0
IpExt: InNoRoutes InTruncatedPkts
IpExt: 0 0
`;
const SNMP = `Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 3001 2990 5 2 20004 1 1 7 0 3 0
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 10 2 0 10 0 0 0 0 0
`;

const root = mkdtempSync(join(tmpdir(), 'nettk-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('counter tables', () => {
  it('pairs each header line with its value line, including negative values', () => {
    const t = parseCounterTables(SNMP);
    expect(t.Tcp?.MaxConn).toBe(-1);
    expect(t.Tcp?.CurrEstab).toBe(20004);
    expect(t.Udp?.NoPorts).toBe(2);
    expect(parseCounterTables(NETSTAT).TcpExt?.ListenOverflows).toBe(12);
  });

  it('reports deltas between two samples and null for counters this kernel lacks', () => {
    const before = parseCounterTables(NETSTAT + SNMP);
    const after = parseCounterTables(NETSTAT.replace('0 0 0 12 14 0', '0 0 0 15 17 0') + SNMP);
    const byName = new Map(pickCounters(before, after).map((c) => [c.name, c]));
    expect(byName.get('TcpExt.ListenOverflows')).toMatchObject({ value: 15, delta: 3 });
    expect(byName.get('TcpExt.ListenDrops')).toMatchObject({ value: 17, delta: 3 });
    expect(byName.get('TcpExt.TCPReqQFullDrop')).toMatchObject({ value: null, delta: null });
    expect(pickCounters(before).every((c) => c.delta === null)).toBe(true);
  });

  it('reads both files under a proc root', () => {
    mkdirSync(join(root, 'net'), { recursive: true });
    writeFileSync(join(root, 'net/netstat'), NETSTAT);
    writeFileSync(join(root, 'net/snmp'), SNMP);
    const t = readCounterTables(root);
    expect([t.TcpExt?.ListenDrops, t.Tcp?.ActiveOpens]).toEqual([14, 3001]);
  });
});

describe('sockstat', () => {
  it('reads ss -s totals', () => {
    expect(parseSockstat('sockets: used 20016\nTCP: inuse 20002 orphan 0 tw 12 alloc 20002 mem 256\nFRAG: inuse 0 memory 0\n')).toEqual({
      sockets: { used: 20016 },
      TCP: { inuse: 20002, orphan: 0, tw: 12, alloc: 20002, mem: 256 },
      FRAG: { inuse: 0, memory: 0 },
    });
  });
});

describe('knobs', () => {
  it('explains each value in one line and says when a knob is absent', () => {
    const sys = join(root, 'sys/net');
    mkdirSync(join(sys, 'core'), { recursive: true });
    mkdirSync(join(sys, 'ipv4'), { recursive: true });
    writeFileSync(join(sys, 'core/somaxconn'), '4096\n');
    writeFileSync(join(sys, 'ipv4/tcp_syn_retries'), '6\n');
    writeFileSync(join(sys, 'ipv4/tcp_abort_on_overflow'), '0\n');
    writeFileSync(join(sys, 'ipv4/ip_local_port_range'), '32768\t60999\n');
    writeFileSync(join(sys, 'ipv4/ip_local_reserved_ports'), '\n');
    writeFileSync(join(sys, 'ipv4/tcp_fastopen'), '3\n');
    const knobs = new Map(readKnobs(root).map((k) => [k.name, k]));
    expect(knobs.get('net.core.somaxconn')).toMatchObject({ value: '4096', consequence: expect.stringContaining('silently cut to 4096') });
    expect(knobs.get('net.ipv4.tcp_syn_retries')?.consequence).toContain('127 s');
    expect(knobs.get('net.ipv4.tcp_abort_on_overflow')?.consequence).toContain('drop the ACK');
    expect(knobs.get('net.ipv4.ip_local_port_range')).toMatchObject({ value: '32768 60999', consequence: expect.stringContaining('28232 ports') });
    expect(knobs.get('net.ipv4.ip_local_reserved_ports')?.consequence).toContain('none');
    expect(knobs.get('net.ipv4.tcp_fastopen')?.consequence).toContain('client and server');
    expect(knobs.get('net.ipv4.tcp_tw_reuse')).toMatchObject({ value: null, consequence: 'not present on this kernel' });
    expect([...knobs.values()].every((k) => !k.consequence.includes('\n'))).toBe(true);
  });

  it('parses the port range and reserved port lists', () => {
    expect(parsePortRange('32768 60999')).toEqual([32768, 60999]);
    expect(parsePortRange(null)).toBeNull();
    const reserved = parseReservedPorts('8080,9000-9010');
    expect([8080, 9000, 9005, 9010, 9011, 8081].map(reserved)).toEqual([true, true, true, true, false, false]);
    expect(parseReservedPorts('')(1)).toBe(false);
  });
});
