import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freeReproduciblePort } from '../packages/selfconnect/src/free-ports.test-util.js';
import { readPortFacts } from '../packages/selfconnect/src/port-facts.js';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';

// The random loop: each test is bounded by --timeout inside nettk and by the
// runner's kill deadline outside it; ports are chosen at run time, idle, of
// the parity connect() prefers here.
const facts = await readPortFacts();

interface Report {
  port: number;
  host: string;
  range: [number, number];
  reproduced: boolean;
  attempts: number;
  elapsedMs: number;
  local: { address: string; port: number } | null;
  remote: { address: string; port: number } | null;
  guard: { enabled: boolean; fired: number };
}

/** Any socket (v4/v6) in /proc/net whose local port is `port`, by state code. */
function statesOnPort(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 3 && Number.parseInt(cols[1]!.split(':')[1]!, 16) === port && Number.parseInt(cols[2]!.split(':')[1]!, 16) === port) {
        out.push(cols[3]!);
      }
    }
  }
  return out;
}

describe('nettk selfconnect: the random loop', () => {
  it('reproduces a self-connection on an idle even port within the default bound, as one JSON document', { timeout: 90_000 }, async () => {
    const port = await freeReproduciblePort();
    const r = await runNettk(['selfconnect', String(port), '--timeout', '50', '--json'], { timeoutMs: 70_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no spinner, no notes: stderr is not a terminal
    const report = JSON.parse(r.stdout) as Report;
    expect(Object.keys(report)).toEqual(['port', 'host', 'range', 'reproduced', 'attempts', 'elapsedMs', 'local', 'remote', 'guard']);
    expect(report).toMatchObject({
      port,
      host: '127.0.0.1',
      range: [facts.range[0], facts.range[1]],
      reproduced: true,
      local: { address: '127.0.0.1', port },
      remote: { address: '127.0.0.1', port },
      guard: { enabled: false, fired: 0 },
    });
    expect(report.attempts).toBeGreaterThan(0);
    expect(report.attempts).toBeLessThanOrEqual(200_000);
    expect(report.elapsedMs).toBeGreaterThan(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    // Closed with RST: neither the connection nor a TIME_WAIT is left.
    expect(statesOnPort(port)).toEqual([]);
  });

  it('shows the proof and that a server can no longer bind the port, in human mode', { timeout: 90_000 }, async () => {
    const port = await freeReproduciblePort();
    const r = await runNettk(['selfconnect', String(port), '--timeout', '50'], { timeoutMs: 70_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Self-connected (on attempt [\d,]+ \(|after )[\d,]+ attempts in [\d.]+ m?s, [\d,]+ attempts\/s/);
    expect(r.stdout).toContain(`TCP 127.0.0.1:${port}->127.0.0.1:${port} (ESTABLISHED)`);
    expect(r.stdout).toMatch(/read the same (\d+) bytes back .*: it is talking to itself/);
    expect(r.stdout).toContain(`a server starting now on 127.0.0.1:${port} would fail: EADDRINUSE`);
    expect(r.stdout).toContain(`nettk selfconnect ${port} --explain`);
  });

  it('never reports a self-connection with --guard over the same attempts, and counts the guard firing', { timeout: 90_000 }, async () => {
    const port = await freeReproduciblePort();
    const attempts = 120_000;
    const r = await runNettk(['selfconnect', String(port), '--guard', '--max-attempts', String(attempts), '--timeout', '60', '--json'], {
      timeoutMs: 80_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ port, reproduced: false, attempts, local: null, remote: null, guard: { enabled: true } });
    // The kernel hands out a given even port about once per 15-20k connects here; 120k makes a miss vanishingly rare (e^-9).
    expect(report.guard.fired).toBeGreaterThanOrEqual(1);
    expect(statesOnPort(port).filter((s) => s === '01')).toEqual([]);
  });

  it('reproduces in one thread, one connect at a time, with --threads 1', { timeout: 90_000 }, async () => {
    const port = await freeReproduciblePort();
    const r = await runNettk(['selfconnect', String(port), '--threads', '1', '--timeout', '50'], { timeoutMs: 70_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`connects to 127.0.0.1:${port}, one at a time`);
    expect(r.stdout).toMatch(/read the same (\d+) bytes back .*: it is talking to itself/);
    expect(statesOnPort(port)).toEqual([]);
  });

  it('holds a self-connection made in a loop thread with --hold until Ctrl-C, then closes it and exits 0', { timeout: 90_000 }, async () => {
    const port = await freeReproduciblePort();
    const child = spawn(process.execPath, [NETTK_BIN, 'selfconnect', String(port), '--threads', '2', '--timeout', '50', '--hold', '60'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 80_000);
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      await expect.poll(() => stderr, { timeout: 60_000, interval: 100 }).toContain('Holding it for 60 s (Ctrl-C closes it)');
      expect(stdout).toContain(`connects to 127.0.0.1:${port}, in 2 threads`);
      expect(stdout).toMatch(/read the same (\d+) bytes back .*: it is talking to itself/);
      expect(statesOnPort(port)).toEqual(['01']); // ESTABLISHED, held by the loop thread that made it
      const started = performance.now();
      child.kill('SIGINT');
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
      expect(signal).toBeNull();
      expect(code, stderr).toBe(0);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(stderr).toContain('Interrupted: closing it.');
      expect(statesOnPort(port)).toEqual([]);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });

  it('rejects a bad --threads as a usage error naming the flag', async () => {
    for (const bad of ['0', '65', '1.5']) {
      const r = await runNettk(['selfconnect', '50000', '--threads', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim()).toBe(`nettk: bad --threads "${bad}": a whole number from 1 to 64 (see nettk --help)`);
    }
  });
});
