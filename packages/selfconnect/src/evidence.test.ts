import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, listen } from '../../../test/helpers/servers.js';
import { connectBoundToItself } from './bound-connect.js';
import { checkServerBind, proveSelfTalk, wildcardFor } from './evidence.js';
import { freeReproduciblePort } from './free-ports.test-util.js';

const sockets: Socket[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.resetAndDestroy();
  for (const close of closers.splice(0)) await close();
});

function dialPlain(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

describe('proveSelfTalk', () => {
  it('reads back exactly the random line it wrote on a self-connection', async () => {
    const r = await connectBoundToItself({ address: '127.0.0.1', family: 4, port: await freeReproduciblePort(), timeoutMs: 2000 });
    if (!r.ok) throw new Error(r.message);
    sockets.push(r.connection.socket);
    const proof = await proveSelfTalk(r.connection.socket);
    expect(proof.matched).toBe(true);
    expect(proof.received).toBe(proof.sent);
    expect(proof.sent).toMatch(/^nettk self-connect proof [0-9a-f]{16}\n$/);
  });

  it('does not match when a real peer answers with other bytes', async () => {
    const server = await listen({ onConnection: (s) => s.write('-ERR unknown command, this is a server talking here\r\n') });
    closers.push(server.close);
    const proof = await proveSelfTalk(await dialPlain(server.port));
    expect(proof.matched).toBe(false);
  });

  it('gives up at its deadline when the peer stays silent', async () => {
    const server = await listen();
    closers.push(server.close);
    const proof = await proveSelfTalk(await dialPlain(server.port), { timeoutMs: 100 });
    expect(proof).toMatchObject({ matched: false, received: '' });
    expect(proof.ms).toBeGreaterThanOrEqual(99);
    expect(proof.ms).toBeLessThan(2000);
  });
});

describe('checkServerBind', () => {
  it('says a server could listen on an idle port, and leaves nothing listening', async () => {
    const port = await freePort();
    expect(await checkServerBind('127.0.0.1', port)).toEqual({ address: '127.0.0.1', port, ok: true, errno: undefined });
    expect(await checkServerBind('127.0.0.1', port)).toMatchObject({ ok: true });
  });

  it('reports EADDRINUSE where a listener holds the port', async () => {
    const server = await listen();
    try {
      expect(await checkServerBind('127.0.0.1', server.port)).toMatchObject({ ok: false, errno: 'EADDRINUSE' });
    } finally {
      await server.close();
    }
  });

  it('knows the wildcard of each family', () => {
    expect(wildcardFor(4)).toBe('0.0.0.0');
    expect(wildcardFor(6)).toBe('::');
  });
});
