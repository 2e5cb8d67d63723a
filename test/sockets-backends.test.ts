import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSockets, whoHolds, type BackendName, type SocketEntry } from '../packages/sockets/src/index.js';
import { startFixture, type FullFixture, type Running } from './sockets-fixture.js';

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
// ss and lsof are Debian packages (iproute2, lsof): install them when missing and root, else say so loudly.
for (const [tool, pkg] of [['ss', 'iproute2'], ['lsof', 'lsof']] as const) {
  if (!has(tool) && process.getuid?.() === 0) spawnSync('sh', ['-c', `apt-get install -y ${pkg} >/dev/null 2>&1`]);
  if (!has(tool)) console.warn(`SKIPPING ${tool} backend tests: ${tool} is not installed (apt-get install -y ${pkg})`);
}
const HAS_SS = has('ss');
const HAS_LSOF = has('lsof');

let fx: Running<FullFixture>;
let f: FullFixture;
beforeAll(async () => {
  fx = await startFixture('full');
  f = fx.info;
});
afterAll(async () => fx?.stop());

const ODD_NAME = 'nk "odd" (fx)';

/** The fixture's sockets: any socket with one of its ports at either end. */
async function fixtureSockets(backend: BackendName): Promise<SocketEntry[]> {
  const ports = new Set([f.ports.main, f.ports.halfOpen, f.ports.v6, f.ports.shared, f.udp]);
  const list = await listSockets({ backend });
  expect(list.backend).toBe(backend);
  return list.sockets.filter((s) => ports.has(s.local.port) || ports.has(s.remote.port));
}

function find(sockets: SocketEntry[], local: number, remote: number, proto = 'tcp'): SocketEntry | undefined {
  return sockets.find((s) => s.proto === proto && s.local.port === local && s.remote.port === remote);
}

function expectFixtureStates(sockets: SocketEntry[]): void {
  const owned = { pid: f.pid, command: ODD_NAME, uid: 0, user: 'root' };
  expect(find(sockets, f.ports.main, 0)).toMatchObject({ state: 'LISTEN', family: 4, local: { address: '127.0.0.1' }, recvQ: 0, ...owned });
  expect(find(sockets, f.ports.main, f.established)).toMatchObject({ state: 'ESTABLISHED', ...owned });
  expect(find(sockets, f.established, f.ports.main)).toMatchObject({ state: 'ESTABLISHED', recvQ: 0, sendQ: 0, ...owned });
  expect(find(sockets, f.ports.halfOpen, f.closeWait)).toMatchObject({ state: 'CLOSE_WAIT', ...owned });
  expect(find(sockets, f.closeWait, f.ports.halfOpen)).toMatchObject({ state: 'FIN_WAIT2', ...owned });
  // TIME_WAIT belongs to no process any more (inode 0).
  expect(find(sockets, f.timeWait, f.ports.main)).toMatchObject({ state: 'TIME_WAIT', inode: 0, pid: null, command: null, fd: null });
  expect(find(sockets, f.ports.v6, 0)).toMatchObject({ state: 'LISTEN', family: 6, local: { address: '::1' }, remote: { address: '::', port: 0 }, ...owned });
  expect(find(sockets, f.ipv6, f.ports.v6)).toMatchObject({ state: 'ESTABLISHED', family: 6, local: { address: '::1' }, remote: { address: '::1' }, ...owned });
  expect(find(sockets, f.udp, 0, 'udp')).toMatchObject({ state: 'UNCONN', family: 4, ...owned });
  for (const s of sockets.filter((x) => x.pid !== null)) {
    expect(s.fd).toBeGreaterThanOrEqual(0);
    expect(s.inode).toBeGreaterThan(0);
  }
}

/** Everything but the listener backlog, which /proc does not have. */
const comparable = (s: SocketEntry): string =>
  JSON.stringify({ ...s, sendQ: s.state === 'LISTEN' ? 'backlog' : s.sendQ });

describe('backends on real sockets', () => {
  it('the proc backend reports each fixture socket with its state, owner and queues', async () => {
    expectFixtureStates(await fixtureSockets('proc'));
  });

  it.runIf(HAS_SS)('the ss backend reports the same states and owners, and the listener backlog', async () => {
    const sockets = await fixtureSockets('ss');
    expectFixtureStates(sockets);
    // Node's default backlog is 511 (below somaxconn here).
    expect(find(sockets, f.ports.main, 0)?.sendQ).toBe(511);
  });

  it.runIf(HAS_SS)('ss and proc give the same sockets and owners on the same machine state', async () => {
    const [ss, proc] = [await fixtureSockets('ss'), await fixtureSockets('proc')];
    expect(proc.map(comparable).sort()).toEqual(ss.map(comparable).sort());
    expect(proc.find((s) => s.state === 'LISTEN')?.sendQ).toBeNull();
  });

  it.runIf(HAS_LSOF)('lsof sees the same owned sockets (it cannot see TIME_WAIT)', async () => {
    const lsof = await fixtureSockets('lsof');
    const proc = (await fixtureSockets('proc')).filter((s) => s.pid !== null);
    const key = (s: SocketEntry): string => `${s.proto}${s.family} ${s.state} ${s.local.address}:${s.local.port} ${s.remote.address}:${s.remote.port} ${s.inode} ${s.pid} ${s.command} ${s.fd}`;
    expect(lsof.map(key).sort()).toEqual(proc.map(key).sort());
  });

  it('every backend names the same holder of a listener shared by two processes: the one with fewer open files', async () => {
    const backends: BackendName[] = ['proc', ...(HAS_SS ? (['ss'] as const) : []), ...(HAS_LSOF ? (['lsof'] as const) : [])];
    for (const backend of backends) {
      const listener = find(await fixtureSockets(backend), f.ports.shared, 0);
      expect([backend, listener?.pid, listener?.command]).toEqual([backend, f.helper, 'node']);
    }
  });

  it('who finds the listener and both ends of its connections, with the command line', async () => {
    const report = await whoHolds({ port: f.ports.main });
    const states = report.holders.map((h) => `${h.side} ${h.state}`).sort();
    expect(states).toEqual(['local ESTABLISHED', 'local LISTEN', 'remote ESTABLISHED', 'remote TIME_WAIT']);
    const listener = report.holders.find((h) => h.state === 'LISTEN');
    expect(listener?.pid).toBe(f.pid);
    expect(listener?.commandLine).toMatch(/^nk "odd" \(fx\)/);
  });

  it('who with an address keeps only sockets at that address, and wildcard listeners', async () => {
    expect((await whoHolds({ port: f.ports.v6, addresses: ['::1'] })).holders.map((h) => h.state).sort()).toEqual(['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
    expect((await whoHolds({ port: f.ports.v6, addresses: ['127.0.0.1'] })).holders).toEqual([]);
  });

  it('filters by family and protocol before reading owners', async () => {
    const v6 = await listSockets({ backend: 'proc', family: 6, protos: ['tcp'] });
    expect(v6.sockets.every((s) => s.family === 6 && s.proto === 'tcp')).toBe(true);
    expect(v6.sockets.some((s) => s.local.port === f.ports.v6)).toBe(true);
    const one = await listSockets({ backend: 'proc', port: f.udp });
    expect(one.sockets.map((s) => [s.proto, s.local.port])).toEqual([['udp', f.udp]]);
  });
});
