import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNettk } from './helpers/nettk.js';
import { startFixture, type FullFixture, type Running } from './sockets-fixture.js';

const HAS_SS = spawnSync('sh', ['-c', 'command -v ss']).status === 0;
if (!HAS_SS) console.warn('SKIPPING ss-specific ports tests: ss is not installed (apt-get install -y iproute2)');

let fx: Running<FullFixture>;
beforeAll(async () => {
  fx = await startFixture('full');
});
afterAll(async () => fx?.stop());

interface ListenerJson {
  proto: string;
  family: number;
  state: string;
  local: { address: string; port: number };
  recvQ: number;
  sendQ: number | null;
  pid: number | null;
  command: string | null;
  user: string | null;
  fd: number | null;
  service: string | null;
  queueFull: boolean | null;
}

function expectListenerShape(l: ListenerJson): void {
  expect(Object.keys(l).sort()).toEqual(['command', 'family', 'fd', 'inode', 'local', 'pid', 'proto', 'queueFull', 'recvQ', 'remote', 'sendQ', 'service', 'state', 'uid', 'user'].sort());
  expect(['tcp', 'udp']).toContain(l.proto);
  expect([4, 6]).toContain(l.family);
  expect(typeof l.local.port).toBe('number');
}

describe('nettk ports', () => {
  it('lists the fixture listeners (TCP v4, v6 and UDP) with owner and queue as one JSON document', async () => {
    const r = await runNettk(['ports', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { backend: string; hiddenOwners: number; listeners: ListenerJson[] };
    expect(doc.backend).toBe(HAS_SS ? 'ss' : 'proc');
    expect(doc.hiddenOwners).toBe(0);
    for (const l of doc.listeners) expectListenerShape(l);
    const mine = doc.listeners.filter((l) => l.pid === fx.info.pid);
    expect(mine.map((l) => `${l.proto}${l.family} ${l.local.address}:${l.local.port}`).sort()).toEqual(
      [`tcp4 127.0.0.1:${fx.info.ports.main}`, `tcp4 127.0.0.1:${fx.info.ports.halfOpen}`, `tcp6 ::1:${fx.info.ports.v6}`, `udp4 127.0.0.1:${fx.info.udp}`].sort(),
    );
    const main = mine.find((l) => l.local.port === fx.info.ports.main);
    expect(main).toMatchObject({ state: 'LISTEN', command: 'nk "odd" (fx)', user: 'root', recvQ: 0, queueFull: HAS_SS ? false : null });
    if (HAS_SS) expect(main?.sendQ).toBe(511);
  });

  it('prints a table with the escaped process name and recv/backlog, and filters by --tcp, -6 and --port', async () => {
    const r = await runNettk(['ports', '--tcp', '-6', '--port', String(fx.info.ports.v6)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROTO\s+LOCAL\s+SERVICE\s+QUEUE\s+PID\s+COMMAND\s+USER$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^tcp6\\s+\\[::1\\]:${fx.info.ports.v6}\\s+\\S+\\s+0/${HAS_SS ? 511 : '\\?'}\\s+${fx.info.pid}\\s+nk "odd" \\(fx\\)\\s+root$`));
  });

  it('exits 1 with a note when nothing listens on the asked ports', async () => {
    const r = await runNettk(['ports', '--port', String(fx.info.closeWait), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).listeners).toEqual([]);
    const human = await runNettk(['ports', '--port', String(fx.info.closeWait)]);
    expect([human.code, human.stdout, human.stderr]).toEqual([1, '', 'nettk: nothing listens on those ports\n']);
  });

  it('falls back to /proc when ss is not on PATH, and says so when ss is demanded', async () => {
    const r = await runNettk(['ports', '--json'], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { backend: string; listeners: ListenerJson[] };
    expect(doc.backend).toBe('proc');
    expect(doc.listeners.find((l) => l.local.port === fx.info.ports.main)).toMatchObject({ pid: fx.info.pid, sendQ: null, queueFull: null });
    const forced = await runNettk(['ports', '--backend', 'ss'], { env: { PATH: '/nonexistent' } });
    expect([forced.code, forced.stdout, forced.stderr]).toEqual([3, '', 'nettk: ss: not found on PATH\n']);
  });

  it('rejects a bad port or backend with a usage error', async () => {
    const r = await runNettk(['ports', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nettk: bad port "70000": must be 1-65535/);
    expect((await runNettk(['ports', '--backend', 'netstat'])).code).toBe(2);
  });
});
