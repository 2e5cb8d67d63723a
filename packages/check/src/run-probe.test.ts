import { afterEach, describe, expect, it } from 'vitest';
import { blackhole } from '../../../test/helpers/blackhole.js';
import { freePort, listen } from '../../../test/helpers/servers.js';
import { probeCheck } from '../../../test/fixtures/check/checks.js';
import { runCheck } from './run-check.js';
import { runProbeCheck } from './run-probe.js';
import type { Check, CheckOf } from './types.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const run = (over: Partial<CheckOf<'probe'>>) => runCheck(probeCheck(over), (c: Check, ctx) => runProbeCheck(c as CheckOf<'probe'>, ctx));

describe('probe checks', () => {
  it('pass when the port is open and expected open, with the connect time', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const r = await run({ ports: [l.port], portSpec: String(l.port) });
    expect([r.status, r.reason, r.message]).toEqual(['pass', 'ok', `127.0.0.1:${l.port} open`]);
    expect(r.timings.connectMs).toBeGreaterThan(0);
    expect(r.ipProtocol).toBe(4);
  });

  it('fail with conn-refused when nothing listens', async () => {
    const port = await freePort();
    const r = await run({ ports: [port], portSpec: String(port) });
    expect([r.status, r.reason, r.message]).toEqual(['fail', 'conn-refused', `127.0.0.1:${port} Connection refused`]);
  });

  it('pass for expect closed when refused, and fail with port-open when something listens', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const port = await freePort();
    const shut = await run({ ports: [port], portSpec: String(port), expect: 'closed' });
    expect([shut.status, shut.message]).toEqual(['pass', `127.0.0.1:${port} not open (conn-refused)`]);
    const open = await run({ ports: [l.port], portSpec: String(l.port), expect: 'closed' });
    expect([open.status, open.reason, open.message]).toEqual(['fail', 'port-open', `127.0.0.1:${l.port} open (expected closed)`]);
  });

  it('fail with no-response for a port that drops SYNs, within the check deadline', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const r = await run({ ports: [hole.port], portSpec: String(hole.port), timeoutMs: 400 });
    expect([r.status, r.reason]).toEqual(['fail', 'no-response']);
    expect(r.durationMs).toBeLessThan(1500);
  });

  it('require every listed port: one refused port fails the check and is named', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const port = await freePort();
    const r = await run({ ports: [l.port, port], portSpec: `${l.port},${port}` });
    expect([r.status, r.reason, r.message]).toEqual(['fail', 'conn-refused', `127.0.0.1:${port} Connection refused`]);
    expect(r.details?.results).toHaveLength(2);
  });

  it('fail with the resolver\'s words for a name that does not resolve', async () => {
    const r = await run({ host: 'no-such-host.invalid', ports: [80], portSpec: '80' });
    expect(r.status).toBe('fail');
    expect(r.reason).toBe('dns');
    expect(r.message).toMatch(/no-such-host\.invalid/);
  });
});
