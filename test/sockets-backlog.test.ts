import { spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctor, listListeners } from '../packages/sockets/src/index.js';
import { NETTK_BIN } from './helpers/nettk.js';
import { startFixture, waitFor, type BlockedFixture, type Running } from './sockets-fixture.js';

// A listener with backlog 2 that never accepts (its event loop is blocked), hit by six clients:
// the kernel completes backlog + 1 = 3 handshakes into the accept queue and drops the other SYNs.
const HAS_SS = spawnSync('sh', ['-c', 'command -v ss']).status === 0;
if (!HAS_SS) console.warn('SKIPPING accept-queue tests: ss is not installed (apt-get install -y iproute2); only ss knows the backlog');

let fx: Running<BlockedFixture>;
const clients = new Set<Socket>();
function dial(port: number): void {
  const c = connect({ host: '127.0.0.1', port });
  c.on('error', () => {});
  clients.add(c);
}

/** New SYNs while the queue is full: each one is dropped and counted in ListenOverflows. Bounded: 100 dials, ~10 s. */
function keepDialing(port: number): () => void {
  let n = 0;
  const timer = setInterval(() => (++n > 100 ? clearInterval(timer) : dial(port)), 100);
  return () => clearInterval(timer);
}

beforeAll(async () => {
  if (!HAS_SS) return;
  fx = await startFixture('blocked', 2);
  for (let i = 0; i < 6; i++) dial(fx.info.port);
  await waitFor(async () => {
    const l = (await listListeners({ backend: 'ss' })).listeners.find((x) => x.local.port === fx.info.port);
    return l && l.recvQ >= 3 ? l : undefined;
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fx?.stop();
});

describe.runIf(HAS_SS)('a full accept queue', () => {
  it('ports flags the listener: 3 waiting for a backlog of 2, owned by the blocked process', async () => {
    const l = (await listListeners()).listeners.find((x) => x.local.port === fx.info.port);
    expect(l).toMatchObject({ state: 'LISTEN', recvQ: 3, sendQ: 2, queueFull: true, pid: fx.info.pid, command: 'nk "odd" (fx)' });
  });

  it('doctor sees ListenOverflows rising while clients keep knocking, and names the listener', async () => {
    const stop = keepDialing(fx.info.port);
    try {
      const report = await doctor({ sampleMs: 1500 });
      const overflows = report.counters.find((c) => c.name === 'TcpExt.ListenOverflows');
      expect(overflows?.delta).toBeGreaterThan(0);
      expect(report.warnings).toBe(true);
      const full = report.findings.find((f) => f.code === 'accept-queue-full' && f.subject?.port === fx.info.port);
      expect(full).toMatchObject({ level: 'warning', subject: { address: '127.0.0.1', pid: fx.info.pid, command: 'nk "odd" (fx)' } });
      const rising = report.findings.find((f) => f.code === 'listen-overflows');
      expect(rising?.message).toContain(`127.0.0.1:${fx.info.port} (nk "odd" (fx) pid ${fx.info.pid})`);
    } finally {
      stop();
    }
  });

  it('end to end: nettk ports prints 3/2 FULL and nettk doctor --json exits 1 with the finding', async () => {
    const ports = spawnSync(process.execPath, [NETTK_BIN, 'ports', '--tcp', '--port', String(fx.info.port)], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(ports.status).toBe(0);
    expect(ports.stdout).toMatch(new RegExp(`^tcp\\s+127\\.0\\.0\\.1:${fx.info.port}\\s+\\S+\\s+3/2 FULL\\s+${fx.info.pid}\\s`, 'm'));
    expect(ports.stdout).toContain('1 listener has a full accept queue');
    const stop = keepDialing(fx.info.port);
    try {
      const child = spawn(process.execPath, [NETTK_BIN, 'doctor', '--json', '--sample', '1.5'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('close', (c) => (clearTimeout(timer), resolve(c)));
      });
      expect(code).toBe(1);
      const doc = JSON.parse(out) as { warnings: boolean; findings: Array<{ code: string; level: string; subject?: { port: number } }>; counters: Array<{ name: string; delta: number | null }> };
      expect(doc.warnings).toBe(true);
      expect(doc.findings.some((f) => f.code === 'accept-queue-full' && f.subject?.port === fx.info.port)).toBe(true);
      expect(doc.counters.find((c) => c.name === 'TcpExt.ListenOverflows')?.delta).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });
});
