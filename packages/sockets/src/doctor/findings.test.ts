import { describe, expect, it } from 'vitest';
import type { Counter } from '../kernel/counters.js';
import type { Knob } from '../kernel/knobs.js';
import { toListener } from '../listeners.js';
import { hotSpots } from '../summary.js';
import { sock } from '../test-sockets.test-util.js';
import { findings, type FindingInput } from './findings.js';

const knobs: Knob[] = [
  { name: 'net.core.somaxconn', value: '4096', meaning: '', consequence: '' },
  { name: 'net.ipv4.ip_local_port_range', value: '32768 60999', meaning: '', consequence: '' },
  { name: 'net.ipv4.ip_local_reserved_ports', value: '40000', meaning: '', consequence: '' },
];
const counter = (name: string, value: number, delta: number | null): Counter => ({ name, value, delta, meaning: '' });

function input(over: Partial<FindingInput>): FindingInput {
  return { knobs, counters: [], listeners: [], hotSpots: [], sampleMs: 1000, ...over };
}

describe('findings', () => {
  it('names a listener whose accept queue is full and the overflow counter rising', () => {
    const full = toListener(sock({ state: 'LISTEN', local: { address: '127.0.0.1', port: 9000 }, recvQ: 3, sendQ: 2, pid: 42, command: 'slow' }));
    const out = findings(input({ listeners: [full], counters: [counter('TcpExt.ListenOverflows', 50, 4)] }));
    expect(out.map((f) => [f.level, f.code])).toEqual([
      ['warning', 'accept-queue-full'],
      ['warning', 'listen-overflows'],
    ]);
    expect(out[0]?.subject).toEqual({ address: '127.0.0.1', port: 9000, pid: 42, command: 'slow' });
    expect(out[0]?.message).toContain('127.0.0.1:9000 (slow pid 42)');
    expect(out[1]?.message).toMatch(/ListenOverflows rose by 4 in 1\.0 s.*127\.0\.0\.1:9000 \(slow pid 42\)/);
  });

  it('says nothing about counters that did not move, or were read once', () => {
    expect(findings(input({ counters: [counter('TcpExt.ListenOverflows', 50, 0), counter('TcpExt.SyncookiesSent', 1, null)] }))).toEqual([]);
  });

  it('notes a backlog equal to somaxconn and warns about listeners in the ephemeral range unless reserved', () => {
    const capped = toListener(sock({ state: 'LISTEN', local: { address: '0.0.0.0', port: 80 }, sendQ: 4096 }));
    const inRange = toListener(sock({ state: 'LISTEN', local: { address: '0.0.0.0', port: 45000 }, sendQ: 511 }));
    const reserved = toListener(sock({ state: 'LISTEN', local: { address: '0.0.0.0', port: 40000 }, sendQ: 511 }));
    const out = findings(input({ listeners: [capped, inRange, reserved] }));
    expect(out.map((f) => [f.level, f.code, f.subject?.port])).toEqual([
      ['info', 'backlog-capped', 80],
      ['warning', 'listen-in-ephemeral-range', 45000],
    ]);
  });

  it('reports waiting connections when the backend cannot see the backlog', () => {
    const unknown = toListener(sock({ state: 'LISTEN', local: { address: '127.0.0.1', port: 7000 }, recvQ: 5, sendQ: null }));
    expect(findings(input({ listeners: [unknown] })).map((f) => [f.level, f.code])).toEqual([['info', 'accept-queue-waiting']]);
    expect(findings(input({ listeners: [unknown], counters: [counter('TcpExt.ListenOverflows', 9, 2)] })).map((f) => [f.level, f.code])).toEqual([
      ['warning', 'accept-queue-waiting'],
      ['warning', 'listen-overflows'],
    ]);
  });

  it('warns about many CLOSE_WAIT sockets and a peer eating half the ephemeral ports in TIME_WAIT', () => {
    const sockets = [
      sock({ state: 'LISTEN', local: { address: '0.0.0.0', port: 8080 } }),
      ...Array.from({ length: 100 }, (_, i) => sock({ state: 'CLOSE_WAIT', local: { address: '127.0.0.1', port: 8080 }, remote: { address: '127.0.0.1', port: 30000 + i }, pid: 7, command: 'java' })),
      ...Array.from({ length: 3 }, (_, i) => sock({ state: 'CLOSE_WAIT', remote: { address: '10.1.1.1', port: 5432 }, local: { address: '127.0.0.1', port: 50000 + i }, pid: 8, command: 'py' })),
      ...Array.from({ length: 14116 }, (_, i) => sock({ state: 'TIME_WAIT', local: { address: '127.0.0.1', port: 32768 + i }, remote: { address: '10.0.0.5', port: 6379 }, pid: null, command: null, inode: 0 })),
    ];
    const out = findings(input({ hotSpots: hotSpots(sockets) }));
    expect(out.map((f) => [f.level, f.code])).toEqual([
      ['warning', 'time-wait-pressure'],
      ['warning', 'close-wait'],
      ['info', 'close-wait'],
    ]);
    expect(out[0]?.message).toContain('14116 TIME_WAIT sockets to 10.0.0.5:6379');
    expect(out[1]?.message).toContain('100 CLOSE_WAIT sockets on port :8080 held by java pid 7 ×100');
  });
});
