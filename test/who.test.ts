import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNettk } from './helpers/nettk.js';
import { freePort } from './helpers/servers.js';
import { startFixture, type FullFixture, type Running } from './sockets-fixture.js';

let fx: Running<FullFixture>;
beforeAll(async () => {
  fx = await startFixture('full');
});
afterAll(async () => fx?.stop());

interface HolderJson {
  state: string;
  side: 'local' | 'remote';
  pid: number | null;
  command: string | null;
  commandLine: string | null;
  user: string | null;
  fd: number | null;
  local: { address: string; port: number };
  remote: { address: string; port: number };
}

describe('nettk who', () => {
  /**
   * The fixture's own holders of a port: its listener and the connections from
   * these client ports. Other tests running meanwhile (scans of 127.0.0.1) may
   * connect to the fixture's listeners too: theirs are left out.
   */
  const ours = (clients: number[]) => (h: HolderJson): boolean => h.state === 'LISTEN' || clients.includes(h.local.port) || clients.includes(h.remote.port);

  it('lists the listener and both ends of each connection on a port, as JSON', async () => {
    const r = await runNettk(['who', String(fx.info.ports.main), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { port: number; addresses: null; backend: string; hiddenOwners: number; holders: HolderJson[] };
    expect([doc.port, doc.addresses, doc.backend, doc.hiddenOwners]).toEqual([fx.info.ports.main, null, 'proc', 0]);
    expect(doc.holders.filter(ours([fx.info.established, fx.info.timeWait])).map((h) => `${h.side} ${h.state} ${h.pid}`).sort()).toEqual(
      [`local ESTABLISHED ${fx.info.pid}`, `local LISTEN ${fx.info.pid}`, `remote ESTABLISHED ${fx.info.pid}`, 'remote TIME_WAIT null'].sort(),
    );
    const listener = doc.holders.find((h) => h.state === 'LISTEN');
    expect(listener).toMatchObject({ command: 'nk "odd" (fx)', user: 'root', local: { address: '127.0.0.1', port: fx.info.ports.main } });
    expect(listener?.commandLine).toMatch(/^nk "odd" \(fx\)/);
  });

  it('accepts :PORT and HOST:PORT, and prints an lsof-like table with command lines', async () => {
    const r = await runNettk(['who', `[::1]:${fx.info.ports.v6}`]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^COMMAND\s+PID\s+USER\s+FD\s+PROTO\s+STATE\s+LOCAL\s+PEER$/);
    expect(lines.filter((l) => l.startsWith('nk "odd" (fx)'))).toHaveLength(3);
    expect(lines.some((l) => /tcp6\s+LISTEN\s+\[::1\]:\d+\s+\*$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`^pid ${fx.info.pid}: nk "odd" \\(fx\\)`));
    const colon = await runNettk(['who', `:${fx.info.udp}`, '--json']);
    // Only the fixture's UDP socket: a TCP socket elsewhere on the machine may have the same port number.
    const udp = (JSON.parse(colon.stdout).holders as Array<HolderJson & { proto: string }>).filter((h) => h.proto === 'udp');
    expect(udp.map((h) => `${h.state} ${h.pid}`)).toEqual([`UNCONN ${fx.info.pid}`]);
  });

  it('gives the same holders through every backend', async () => {
    const key = (h: HolderJson): string => `${h.side} ${h.state} ${h.local.port} ${h.remote.port} ${h.pid} ${h.fd}`;
    const mine = ours([fx.info.closeWait]);
    const proc = JSON.parse((await runNettk(['who', String(fx.info.ports.halfOpen), '--json', '--backend', 'proc'])).stdout).holders.filter(mine).map(key).sort();
    const ss = JSON.parse((await runNettk(['who', String(fx.info.ports.halfOpen), '--json', '--backend', 'ss'])).stdout).holders.filter(mine).map(key).sort();
    expect(ss).toEqual(proc);
    expect(proc).toHaveLength(3); // LISTEN, CLOSE_WAIT and the client's FIN_WAIT2
    // lsof sees only sockets held by a process; there is no TIME_WAIT on this port.
    const lsof = JSON.parse((await runNettk(['who', String(fx.info.ports.halfOpen), '--json', '--backend', 'lsof'])).stdout);
    expect(lsof.backend).toBe('lsof');
    expect(lsof.holders.filter(mine).map(key).sort()).toEqual(proc);
  });

  it('exits 1 when nobody holds the port', async () => {
    const port = await freePort();
    const r = await runNettk(['who', String(port)]);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `nettk: nobody holds port ${port}\n`]);
    const json = await runNettk(['who', String(port), '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).holders).toEqual([]);
  });

  it.each([['0'], ['65536'], ['localhost'], ['127.0.0.1'], ['[::1']])('rejects %s with a usage error and no stack trace', async (target) => {
    const r = await runNettk(['who', target]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^nettk: /);
  });
});
