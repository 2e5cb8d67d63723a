import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';
import { startFixture, type FullFixture, type Running } from './sockets-fixture.js';

let fx: Running<FullFixture>;
beforeAll(async () => {
  fx = await startFixture('full');
});
afterAll(async () => fx?.stop());

interface SocketJson {
  proto: string;
  state: string;
  local: { address: string; port: number };
  remote: { address: string; port: number };
  pid: number | null;
  command: string | null;
}

const MODEL_KEYS = ['command', 'family', 'fd', 'inode', 'local', 'pid', 'proto', 'recvQ', 'remote', 'sendQ', 'state', 'uid', 'user'];

describe('nettk sockets', () => {
  it('lists connections on a port (not listeners) as one JSON document in the library model', async () => {
    const r = await runNettk(['sockets', '--port', String(fx.info.ports.main), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { backend: string; hiddenOwners: number; count: number; sockets: SocketJson[] };
    expect(doc.backend).toBe('proc');
    expect(doc.count).toBe(doc.sockets.length);
    for (const s of doc.sockets) expect(Object.keys(s).sort()).toEqual(MODEL_KEYS);
    expect(doc.sockets.map((s) => s.state).sort()).toEqual(['ESTABLISHED', 'ESTABLISHED', 'TIME_WAIT']);
  });

  it('filters by state names as ss spells them, by pid and by process name', async () => {
    const cw = JSON.parse((await runNettk(['sockets', '--state', 'close-wait', '--pid', String(fx.info.pid), '--json'])).stdout);
    expect(cw.sockets.map((s: SocketJson) => [s.state, s.local.port, s.remote.port])).toEqual([['CLOSE_WAIT', fx.info.ports.halfOpen, fx.info.closeWait]]);
    // Other test files run fixtures with the same name at the same time: check names, then this fixture's share.
    const byName = JSON.parse((await runNettk(['sockets', '--process', 'ODD', '--state', 'all', '--json'])).stdout);
    expect(byName.sockets.every((s: SocketJson) => s.command === 'nk "odd" (fx)')).toBe(true);
    expect(byName.sockets.filter((s: SocketJson) => s.pid === fx.info.pid).map((s: SocketJson) => s.state).sort()).toEqual(
      ['CLOSE_WAIT', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'FIN_WAIT2', 'LISTEN', 'LISTEN', 'LISTEN', 'UNCONN'].sort(),
    );
  });

  it('streams one socket per line with --ndjson and prints an ss-like table by default', async () => {
    const nd = await runNettk(['sockets', '--pid', String(fx.info.pid), '--ndjson']);
    const lines = nd.stdout.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as SocketJson).pid)).toEqual(Array(6).fill(fx.info.pid));
    const table = await runNettk(['sockets', '--pid', String(fx.info.pid), '-6']);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^PROTO\s+STATE\s+RECV-Q\s+SEND-Q\s+LOCAL\s+PEER\s+PID\s+COMMAND\s+USER$/);
    expect(rows.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['tcp6 ESTAB', 'tcp6 ESTAB']);
  });

  it('summarizes counts per state and the CLOSE_WAIT hot spot with its process', async () => {
    const r = await runNettk(['sockets', '--summary', '--json']);
    expect(r.code).toBe(0);
    const { summary } = JSON.parse(r.stdout);
    expect(summary.tcp.byState.CLOSE_WAIT).toBeGreaterThanOrEqual(1);
    expect(summary.kernel.TCP.inuse).toBeGreaterThan(0);
    const spot = summary.hotSpots.find((h: { endpoint: string }) => h.endpoint === `:${fx.info.ports.halfOpen}`);
    expect(spot).toEqual({ state: 'CLOSE_WAIT', side: 'local', endpoint: `:${fx.info.ports.halfOpen}`, count: 1, processes: [{ pid: fx.info.pid, command: 'nk "odd" (fx)', count: 1 }] });
    const human = await runNettk(['sockets', '--summary']);
    expect(human.stdout).toMatch(/^TRANSPORT\s+TOTAL\s+IPV4\s+IPV6\s+STATES$/m);
    expect(human.stdout).toMatch(new RegExp(`^CLOSE-WAIT\\s+\\d+\\s+local :${fx.info.ports.halfOpen}\\s+nk "odd" \\(fx\\)\\[${fx.info.pid}\\] ×1$`, 'm'));
  });

  it('--watch --ndjson emits one summary per refresh and stops after --count', async () => {
    const r = await runNettk(['sockets', '--watch', '--ndjson', '--count', '2', '--interval', '0.2', '--pid', String(fx.info.pid)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ backend: 'proc', count: 6, tcp: { ESTABLISHED: 4, CLOSE_WAIT: 1, FIN_WAIT2: 1 } });
  });

  it('refuses --watch without a terminal, and bad states, with usage errors', async () => {
    const watch = await runNettk(['sockets', '--watch']);
    expect([watch.code, watch.stderr]).toEqual([2, 'nettk: --watch needs a terminal: use --watch --ndjson for a stream (see nettk --help)\n']);
    const state = await runNettk(['sockets', '--state', 'half-open']);
    expect(state.code).toBe(2);
    expect(state.stderr).toMatch(/^nettk: unknown state "half-open"/);
    expect((await runNettk(['sockets', '--count', '2'])).code).toBe(2);
  });

  // Needs root to start the CLI as another user (nobody).
  it.runIf(process.getuid?.() === 0)('says once how many sockets belong to other users when not root', () => {
    const r = spawnSync(process.execPath, [NETTK_BIN, 'sockets', '--state', 'all', '--port', String(fx.info.ports.main), '--json'], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      timeout: 20_000,
      maxBuffer: 64 << 20,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^nettk: \d+ sockets? owned by other users: run as root to see their processes\n$/);
    const doc = JSON.parse(r.stdout) as { hiddenOwners: number; sockets: SocketJson[] };
    expect(doc.hiddenOwners).toBeGreaterThanOrEqual(3); // the listener and both ends of its connection
    expect(doc.sockets.filter((s) => s.local.port === fx.info.ports.main).every((s) => s.pid === null)).toBe(true);
  });
});
