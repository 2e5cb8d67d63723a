import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeReproduciblePort, portsInUse } from '../packages/selfconnect/src/free-ports.test-util.js';
import { assessPort } from '../packages/selfconnect/src/port-assessment.js';
import { readPortFacts } from '../packages/selfconnect/src/port-facts.js';
import { blackhole } from './helpers/blackhole.js';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';
import { listen } from './helpers/servers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const facts = await readPortFacts();
const JSON_KEYS = ['port', 'host', 'range', 'reproduced', 'attempts', 'elapsedMs', 'local', 'remote', 'guard'];

/** TCP sockets (v4 and v6) in /proc whose local and remote port are both `port`, with their state names. */
function selfPairStates(port: number): string[] {
  const names: Record<string, string> = { '01': 'ESTABLISHED', '06': 'TIME_WAIT', '07': 'CLOSE', '0B': 'CLOSING', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2' };
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4) continue;
      const local = Number.parseInt(cols[1]!.split(':')[1]!, 16);
      const remote = Number.parseInt(cols[2]!.split(':')[1]!, 16);
      if (local === port && remote === port) out.push(names[cols[3]!] ?? cols[3]!);
    }
  }
  return out;
}

/** A port nothing uses whose loop cannot reproduce: the odd neighbour of a good one. */
async function idleOddPort(): Promise<number> {
  const used = portsInUse();
  for (let i = 0; i < 50; i++) {
    const p = (await freeReproduciblePort()) + 1;
    if (!used.has(p) && assessPort(p, facts).verdict === 'wrong-parity') return p;
  }
  throw new Error('no idle odd port');
}

describe('nettk selfconnect --local-port (deterministic)', () => {
  it('self-connects at once, proves it by reading its own bytes back, and leaves no open socket', async () => {
    const port = await freeReproduciblePort();
    const r = await runNettk(['selfconnect', String(port), '--local-port']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Self-connected at once by binding to 127.0.0.1:${port}`);
    expect(r.stdout).toContain(`TCP 127.0.0.1:${port}->127.0.0.1:${port} (ESTABLISHED)`);
    expect(r.stdout).toMatch(/echo {4}wrote (\d+) bytes, read the same \1 bytes back .*: it is talking to itself/);
    expect(r.stdout).toMatch(new RegExp(`Closed with FIN: TIME_WAIT 127\\.0\\.0\\.1:${port}->127\\.0\\.0\\.1:${port} remains for 60 s`));
    // Cleanup: the process is gone and so is the connection; only the kernel's TIME_WAIT stays.
    const states = selfPairStates(port);
    expect(states).not.toContain('ESTABLISHED');
    expect(states).toContain('TIME_WAIT');
    // That bound TIME_WAIT makes connect() skip the port: a loop run right after is warned.
    const loop = await runNettk(['selfconnect', String(port), '--max-attempts', '300']);
    expect(loop.code, loop.stderr).toBe(1);
    expect(loop.stderr).toContain(`nettk: note: TIME_WAIT 127.0.0.1:${port}->127.0.0.1:${port} is still there`);
  });

  it('says what a second run meets: the TIME_WAIT, taken over when timestamps allow it', async () => {
    const port = await freeReproduciblePort();
    expect((await runNettk(['selfconnect', String(port), '--local-port', '--json'])).code).toBe(0);
    const second = await runNettk(['selfconnect', String(port), '--local-port']);
    expect(second.signal).toBeNull();
    const timestamps = readFileSync('/proc/sys/net/ipv4/tcp_timestamps', 'utf8').trim();
    if (timestamps !== '0') {
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain(`TIME_WAIT 127.0.0.1:${port}->127.0.0.1:${port} from an earlier run was there`);
    } else {
      expect(second.code, second.stderr).toBe(3);
      expect(second.stderr).toMatch(/EADDRNOTAVAIL|EADDRINUSE/);
    }
  });

  it('explains EADDRINUSE when a TIME_WAIT left by a connect() holds the port', async () => {
    // A client whose port the kernel chose closes first: its TIME_WAIT blocks any bind() of that port.
    const server = await listen({ onConnection: (s) => s.on('end', () => s.end()) });
    cleanups.push(server.close);
    const port = await new Promise<number>((resolve, reject) => {
      const c = connect({ host: '127.0.0.1', port: server.port }, () => {
        const p = c.localPort!;
        c.end();
        c.once('close', () => resolve(p));
      });
      c.once('error', reject);
    });
    const r = await runNettk(['selfconnect', String(port), '--local-port']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`bind(127.0.0.1:${port}) failed: EADDRINUSE`);
    expect(r.stderr).toContain(`TIME_WAIT 127.0.0.1:${port}->127.0.0.1:${server.port}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('works on ::1 and prints the explanation with --explain', async () => {
    const port = await freeReproduciblePort();
    const r = await runNettk(['selfconnect', String(port), '--local-port', '--host', '::1', '--explain']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`TCP [::1]:${port}->[::1]:${port} (ESTABLISHED)`);
    for (const title of ['What happened', 'Why', 'What goes wrong in real services', 'Remedies']) expect(r.stdout).toContain(`\n${title}\n`);
    expect(r.stdout).toContain(`sysctl -w net.ipv4.ip_local_reserved_ports=${port}`);
    expect(r.stdout).toMatch(/TIME_WAIT for 60 s/);
  });

  it('holds the connection with --hold until Ctrl-C, then closes it and exits 0', async () => {
    const port = await freeReproduciblePort();
    const child = spawn(process.execPath, [NETTK_BIN, 'selfconnect', String(port), '--local-port', '--hold', '30'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    cleanups.push(() => clearTimeout(killer));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    await expect.poll(() => stderr, { timeout: 10_000 }).toContain('Holding it for 30 s (Ctrl-C closes it)');
    expect(selfPairStates(port)).toContain('ESTABLISHED');
    // While it is held, a loop on the same port cannot reproduce: refused, naming the holder.
    const loop = await runNettk(['selfconnect', String(port)]);
    expect(loop.code, loop.stderr).toBe(1);
    expect(loop.stderr).toContain(`ESTABLISHED 127.0.0.1:${port}->127.0.0.1:${port} already exists (pid ${child.pid} (`);
    const started = performance.now();
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(stderr).toContain('Interrupted: closing it.');
    expect(selfPairStates(port)).not.toContain('ESTABLISHED');
  });
});

describe('nettk selfconnect refusals', () => {
  it('explains why an odd port will not reproduce and exits 1', async () => {
    const port = await idleOddPort();
    const r = await runNettk(['selfconnect', String(port)]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`will not reproduce a self-connection: ${port} is odd`);
    expect(r.stderr).toMatch(/connect\(\) takes even source ports/);
    expect(r.stderr).toContain(`Try port ${port - 1}, or --local-port`);
  });

  it('explains why a port outside ip_local_port_range will not reproduce and exits 1', async () => {
    const [low, high] = facts.range;
    const outside = [high + 1, high + 3, low - 1, low - 3].find((p) => p >= 1 && p <= 65535 && !portsInUse().has(p));
    if (outside === undefined) throw new Error(`the range ${low}-${high} leaves no port outside it`);
    const r = await runNettk(['selfconnect', String(outside), '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${outside} is outside the ephemeral port range (net.ipv4.ip_local_port_range is ${low}-${high})`);
    expect(JSON.parse(r.stdout)).toMatchObject({ port: outside, reproduced: false, attempts: 0, range: [low, high] });
  });

  it('loops anyway with --force and finds nothing on an odd port', async () => {
    const port = await idleOddPort();
    const r = await runNettk(['selfconnect', String(port), '--force', '--max-attempts', '2000', '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ port, reproduced: false, attempts: 2000, local: null, remote: null });
  });

  it('stops the loop on Ctrl-C, still prints its report, and exits 1', async () => {
    const port = await idleOddPort();
    const child = spawn(process.execPath, [NETTK_BIN, 'selfconnect', String(port), '--force', '--max-attempts', '100000000', '--ndjson'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    cleanups.push(() => clearTimeout(killer));
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.resume();
    // --ndjson prints a progress line each second of looping: interrupt once the loop is surely running.
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('"type":"progress"');
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
    expect(signal).toBeNull();
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const report = lines.at(-1)!;
    expect(report).toMatchObject({ port, reproduced: false, local: null });
    expect(report.attempts).toBeGreaterThanOrEqual(progress.at(-1)!.attempts as number);
    expect(report.attempts).toBeLessThan(100_000_000);
  });

  it('refuses a port with a listener and names the process that holds it', async () => {
    const server = await listen();
    cleanups.push(server.close);
    const r = await runNettk(['selfconnect', String(server.port), '--force']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${server.port} has a listener (LISTEN 127.0.0.1:${server.port} held by pid ${process.pid} (`);
    expect(r.stderr).toContain('pick a port where nothing listens');
  });

  it('refuses a port whose listener never accepts, naming it, after the probe deadline', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const r = await runNettk(['selfconnect', String(hole.port)]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`connects to 127.0.0.1:${hole.port} get no answer: LISTEN 127.0.0.1:${hole.port} held by pid `);
    expect(r.stderr).toContain('does not accept (its accept queue is full)');
  });

  it('rejects addresses of other hosts, wildcards and --guard with --local-port as usage errors', async () => {
    for (const args of [
      ['selfconnect', '50000', '--host', '192.0.2.1'],
      ['selfconnect', '50000', '--host', '0.0.0.0'],
      ['selfconnect', '50000', '--local-port', '--guard'],
      ['selfconnect', '70000'],
      ['selfconnect', '50000', '--max-attempts', '0'],
    ]) {
      const r = await runNettk(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
