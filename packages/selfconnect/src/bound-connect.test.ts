import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../../test/helpers/servers.js';
import { connectBoundToItself } from './bound-connect.js';
import { proveSelfTalk } from './evidence.js';
import { freeReproduciblePort } from './free-ports.test-util.js';
import type { LocalSelfConnection } from './connection.js';

const open: LocalSelfConnection[] = [];
afterEach(() => {
  // RST: no TIME_WAIT left behind by the tests.
  for (const c of open.splice(0)) c.socket.resetAndDestroy();
});

describe('connectBoundToItself', () => {
  it('self-connects at once on an idle port: local and remote are the same address:port', async () => {
    const port = await freeReproduciblePort();
    const r = await connectBoundToItself({ address: '127.0.0.1', family: 4, port, timeoutMs: 2000 });
    if (!r.ok) throw new Error(r.message);
    open.push(r.connection);
    expect(r.connection.local).toEqual({ address: '127.0.0.1', port });
    expect(r.connection.remote).toEqual({ address: '127.0.0.1', port });
    expect(r.elapsedMs).toBeLessThan(2000);
  });

  it('self-connects on ::1 too', async () => {
    const port = await freeReproduciblePort();
    const r = await connectBoundToItself({ address: '::1', family: 6, port, timeoutMs: 2000 });
    if (!r.ok) throw new Error(r.message);
    open.push(r.connection);
    expect(r.connection.remote).toEqual({ address: '::1', port });
    expect((await proveSelfTalk(r.connection.socket)).matched).toBe(true);
  });

  it('reports EADDRINUSE when a listener holds the port', async () => {
    const server = await listen();
    try {
      const r = await connectBoundToItself({ address: '127.0.0.1', family: 4, port: server.port, timeoutMs: 2000 });
      expect(r).toMatchObject({ ok: false, errno: 'EADDRINUSE' });
    } finally {
      await server.close();
    }
  });
});
