import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../../test/helpers/servers.js';
import { parseRunbook } from './load.js';
import { runCheck } from './run-check.js';
import { portsAtRisk, runDoctorCheck } from './run-doctor.js';
import type { Check, CheckOf } from './types.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function check(yaml: string): Check {
  return parseRunbook(`checks:\n  - {name: d, ${yaml}}`, 'rb.yaml').checks[0]!;
}
const run = (yaml: string) => runCheck(check(yaml), (x, ctx) => runDoctorCheck(x as CheckOf<'doctor'>, ctx));

/** This machine's ephemeral range, as the kernel says (REFERENCE.md: 32768-60999 here). */
function ephemeralRange(): [number, number] {
  const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  return [lo!, hi!];
}

describe('doctor and selfconnect-risk checks', () => {
  it('finds ports inside the ephemeral range that are not reserved', () => {
    expect(portsAtRisk([80, 40000, 61001], '32768\t60999', '')).toEqual({ ports: [40000], range: [32768, 60999] });
    expect(portsAtRisk([40000, 40001], '32768 60999', '40000')?.ports).toEqual([40001]);
    expect(portsAtRisk([40000], null, null)).toBeUndefined();
  });

  it('fail selfconnect-risk for a listener inside the ephemeral range, naming it', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const [lo, hi] = ephemeralRange();
    // Port 0 listeners get an ephemeral port: exactly the risky kind.
    expect(l.port >= lo && l.port <= hi).toBe(true);
    const r = await run(`kind: selfconnect-risk, ports: ${l.port}, sample: 50ms`);
    expect([r.status, r.reason]).toEqual(['fail', 'listen-in-ephemeral-range']);
    expect(r.message).toContain(`127.0.0.1:${l.port}`);
  });

  it('fail selfconnect-risk for a service port in the range even when nothing listens, and pass outside it', async () => {
    const [lo, hi] = ephemeralRange();
    const outside = hi < 65535 ? hi + 1 : lo - 1;
    const r = await run(`kind: selfconnect-risk, ports: ${lo + 1}, sample: 50ms`);
    expect([r.status, r.reason]).toEqual(['fail', 'port-in-ephemeral-range']);
    const ok = await run(`kind: selfconnect-risk, ports: ${outside}, sample: 50ms`);
    expect([ok.status, ok.message]).toEqual(['pass', expect.stringMatching(new RegExp(`^no self-connect risk for port ${outside} `))]);
  });

  it('pass a doctor check limited to findings that are not present', async () => {
    const r = await run('kind: doctor, findings: [time-wait-overflow], sample: 50ms');
    expect(r.status).toBe('pass');
    expect(r.details?.backend).toBe('proc');
  });
});
