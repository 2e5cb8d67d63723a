import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { blackhole } from './helpers/blackhole.js';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';
import { freePort, listenersClosedAfterEach } from './helpers/servers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
const { open: openPort } = listenersClosedAfterEach();

interface JsonReport {
  targets: Array<{ host: string; addresses: string[]; error: string | null }>;
  results: Array<{ host: string; address: string | null; family: number | null; port: number; service: string | null; state: string; reason: string; ms: number }>;
  summary: { open: number; closed: number; filtered: number; unreachable: number; error: number; elapsedMs: number };
}

describe('nettk probe (nc -vz style)', () => {
  it('prints nc\'s success line for an open port and exits 0', async () => {
    const port = await openPort();
    const r = await runNettk(['probe', '127.0.0.1', String(port)]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Connection to 127\\.0\\.0\\.1 ${port} port \\[tcp/[^\\]]+\\] succeeded! \\[open, syn-ack, [\\d.]+ ms\\]\\n$`));
    expect(r.stderr).toBe('');
  });

  it('reports a refused port with the reason and exits 1', async () => {
    const port = await freePort();
    const r = await runNettk(['probe', '127.0.0.1', String(port)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`connect to 127.0.0.1 port ${port} (tcp) failed: Connection refused [closed, conn-refused,`);
  });

  it('reports a port whose SYNs are dropped as filtered/no-response after -w', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const r = await runNettk(['probe', '127.0.0.1', String(hole.port), '-w', '0.3', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.results[0]).toMatchObject({ state: 'filtered', reason: 'no-response' });
    expect(report.results[0]!.ms).toBeGreaterThanOrEqual(290);
  });

  it('accepts host:port, [v6]:port, lists, ranges and service names', async () => {
    const v4 = await openPort();
    const v6 = await openPort('::1');
    const a = await runNettk(['probe', `127.0.0.1:${v4}`]);
    expect(a.code).toBe(0);
    const b = await runNettk(['probe', `[::1]:${v6}`, '--json']);
    expect((JSON.parse(b.stdout) as JsonReport).results[0]).toMatchObject({ address: '::1', family: 6, state: 'open' });
    const c = await runNettk(['probe', '127.0.0.1', `${v4},${v4 + 1}`, `${v4}-${v4 + 2}`, 'ssh', '--json']);
    const ports = (JSON.parse(c.stdout) as JsonReport).results.map((x) => x.port);
    expect(ports).toEqual([v4, v4 + 1, v4 + 2, 22]);
  });

  it('probes several hosts and reports each', async () => {
    const port = await openPort();
    const r = await runNettk(['probe', '127.0.0.1,127.0.0.2', String(port), '--json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.results.map((x) => [x.host, x.state])).toEqual([['127.0.0.1', 'open'], ['127.0.0.2', 'closed']]);
    expect(r.code).toBe(0);
  });

  it('prints a scan table past 16 ports: what answered, per address, and the closed ones counted', async () => {
    const mine = [await openPort(), await openPort()];
    const freed: number[] = [];
    for (let i = 0; i < 18; i++) freed.push(await freePort());
    const ports = [...freed.slice(0, 9), ...mine, ...freed.slice(9)].join(',');
    const r = await runNettk(['probe', '127.0.0.1,127.0.0.2', ports]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('nettk probe report for 127.0.0.1');
    expect(lines[1]).toMatch(/^PORT +STATE +SERVICE +REASON +TIME$/);
    expect(lines.slice(2, 4).map((l) => l.split(/ +/).slice(0, 2))).toEqual(mine.map((p) => [`${p}/tcp`, 'open']));
    expect(lines[4]).toBe('Not shown: 18 ports (18 closed, 0 filtered, 0 unreachable, 0 error)');
    // Nothing answered on 127.0.0.2: its group is the count alone.
    expect(lines[5]).toBe('nettk probe report for 127.0.0.2');
    expect(lines[6]).toBe('Not shown: 20 ports (20 closed, 0 filtered, 0 unreachable, 0 error)');
    expect(lines[7]).toMatch(/^Probed 40 ports in [\d.]+ m?s: 2 open, 38 closed, 0 filtered, 0 unreachable, 0 error$/);
    expect(lines).toHaveLength(8);
    // Exit codes come from the counts, closed ports included.
    expect((await runNettk(['probe', '127.0.0.1', ports, '--all'])).code).toBe(1);
    expect((await runNettk(['probe', '127.0.0.1', ports, '--expect', 'closed'])).code).toBe(1);
    expect((await runNettk(['probe', '127.0.0.2', ports, '--expect', 'closed'])).code).toBe(0);
  });

  it('prints one JSON document with the documented schema', async () => {
    const port = await openPort();
    const closed = await freePort();
    const r = await runNettk(['probe', '127.0.0.1', String(port), String(closed), '--json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.targets).toEqual([{ host: '127.0.0.1', addresses: ['127.0.0.1'], error: null }]);
    expect(report.results).toHaveLength(2);
    for (const res of report.results) {
      expect(Object.keys(res)).toEqual(expect.arrayContaining(['host', 'address', 'family', 'port', 'service', 'state', 'reason', 'ms']));
    }
    expect(report.results.map((x) => x.state)).toEqual(['open', 'closed']);
    expect(report.summary).toMatchObject({ open: 1, closed: 1, filtered: 0, unreachable: 0, error: 0 });
    expect(typeof report.summary.elapsedMs).toBe('number');
  });

  it('streams one result per line with --ndjson, then a summary line', async () => {
    const port = await openPort();
    const r = await runNettk(['probe', '127.0.0.1', `${port}-${port + 3}`, '--ndjson']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4).every((l) => typeof l.port === 'number')).toBe(true);
    // The neighbours of our port may be another test's listeners: at least ours is open.
    expect((lines[4] as { summary: { open: number } }).summary.open).toBeGreaterThanOrEqual(1);
  });

  it('--expect closed exits 0 only when no port is open', async () => {
    const port = await openPort();
    const closed = await freePort();
    expect((await runNettk(['probe', '127.0.0.1', String(closed), '--expect', 'closed'])).code).toBe(0);
    expect((await runNettk(['probe', '127.0.0.1', String(closed), String(port), '--expect', 'closed'])).code).toBe(1);
  });

  it('--all exits 0 only when every port is open', async () => {
    const port = await openPort();
    const closed = await freePort();
    expect((await runNettk(['probe', '127.0.0.1', String(port), '--all'])).code).toBe(0);
    expect((await runNettk(['probe', '127.0.0.1', String(port), String(closed), '--all'])).code).toBe(1);
    expect((await runNettk(['probe', '127.0.0.1', String(port), String(closed)])).code).toBe(0);
  });

  it.each([
    [['probe', '127.0.0.1', '0'], '"0"'],
    [['probe', '127.0.0.1', '65536'], '"65536"'],
    [['probe', '127.0.0.1', '80-20'], '"80-20"'],
    [['probe', '127.0.0.1', 'abc'], '"abc"'],
    [['probe', '', '80'], 'empty host'],
    [['probe', '[::1', '80'], '[::1'],
    [['probe', '127.0.0.1'], 'no port given'],
    [['probe', '127.0.0.1', '80', '-w', '0'], '--timeout'],
    [['probe', '127.0.0.1', '80', '--bogus'], 'bogus'],
    [['nosuchcommand'], 'nosuchcommand'],
  ])('rejects %j with one line naming the problem and exit 2', async (args, named) => {
    const r = await runNettk(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(named);
    expect(r.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('shows a stack only with --debug', async () => {
    const r = await runNettk(['probe', '127.0.0.1', '0', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/UsageError.*\n\s+at /);
  });

  it('exits 3 when no host resolves', async () => {
    const r = await runNettk(['probe', 'no-such-host.invalid', '80']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('cannot resolve "no-such-host.invalid"');
  });
});

describe('on a terminal', () => {
  it('shows an ora spinner on stderr and colours the results (script(1) provides the pty)', async () => {
    const port = await openPort();
    const command = `stty cols 100 rows 40; "${process.execPath}" "${NETTK_BIN}" probe 127.0.0.1 ${port} ${port + 1}`;
    const r = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NO_COLOR: undefined, CI: undefined } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        if (out.length < 100_000) out += d.toString();
      });
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', () => {
        clearTimeout(t);
        resolve(out);
      });
    });
    expect(r).toContain('Probing 2 ports');
    expect(r).toContain('\x1b[32msucceeded!\x1b[39m');
    expect(r).toContain('\x1b[31mConnection refused\x1b[39m');
  });
});
