import { describe, expect, it } from 'vitest';
import { runNettk } from './helpers/nettk.js';

const KNOBS = [
  'net.core.somaxconn', 'net.ipv4.tcp_max_syn_backlog', 'net.ipv4.tcp_syncookies', 'net.ipv4.tcp_abort_on_overflow',
  'net.ipv4.tcp_synack_retries', 'net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_fastopen', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_max_tw_buckets', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports',
];

interface DoctorJson {
  backend: string;
  hiddenOwners: number;
  sampleMs: number;
  knobs: Array<{ name: string; value: string | null; meaning: string; consequence: string }>;
  counters: Array<{ name: string; value: number | null; delta: number | null; meaning: string }>;
  listeners: unknown[];
  hotSpots: unknown[];
  findings: Array<{ level: 'warning' | 'info'; code: string; message: string }>;
  warnings: boolean;
}

describe('nettk doctor', () => {
  it('reports every knob with value and one-line consequence, the counters and the findings as JSON; the exit code follows the warnings', async () => {
    const r = await runNettk(['doctor', '--json', '--sample', '0']);
    const doc = JSON.parse(r.stdout) as DoctorJson;
    expect(r.code).toBe(doc.warnings ? 1 : 0);
    expect(doc.warnings).toBe(doc.findings.some((f) => f.level === 'warning'));
    expect(doc.knobs.map((k) => k.name)).toEqual(KNOBS);
    const somaxconn = doc.knobs[0];
    expect(somaxconn?.value).toMatch(/^\d+$/);
    expect(somaxconn?.consequence).toContain(`silently cut to ${somaxconn?.value}`);
    for (const k of doc.knobs) expect(k.consequence).not.toContain('\n');
    const names = doc.counters.map((c) => c.name);
    for (const name of ['TcpExt.ListenOverflows', 'TcpExt.ListenDrops', 'TcpExt.SyncookiesSent', 'TcpExt.SyncookiesRecv', 'TcpExt.SyncookiesFailed', 'Tcp.CurrEstab']) expect(names).toContain(name);
    expect(doc.counters.every((c) => c.delta === null)).toBe(true);
    expect(doc.sampleMs).toBe(0);
  });

  it('prints knobs, counters with deltas and findings for a person', async () => {
    const r = await runNettk(['doctor', '--sample', '0.2']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/^Kernel knobs\nKNOB\s+VALUE\s+CONSEQUENCE\n/);
    expect(r.stdout).toMatch(/^net\.ipv4\.ip_local_port_range\s+\d+ \d+\s+\d+ ports/m);
    expect(r.stdout).toMatch(/^Counters \(change over 0\.2 s\)$/m);
    expect(r.stdout).toMatch(/^TcpExt\.ListenOverflows\s+\d+\s+(\+\d+|0)\s+/m);
    expect(r.stdout).toMatch(/^Findings$/m);
    expect(r.stderr).toBe('');
  });

  it('rejects a bad --sample with a usage error', async () => {
    const r = await runNettk(['doctor', '--sample', '-1']);
    expect([r.code, r.stderr]).toEqual([2, 'nettk: bad --sample "-1": seconds from 0 to 600 (see nettk --help)\n']);
  });
});
