import { afterEach } from 'vitest';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A TCP listener on 127.0.0.1 (or host) port 0 that accepts and holds connections; close() frees everything. */
export async function listen(
  options: { host?: string; backlog?: number; onConnection?: (socket: Socket) => void; pauseOnConnect?: boolean } = {},
): Promise<{ server: Server; port: number; host: string; sockets: Set<Socket>; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ pauseOnConnect: options.pauseOnConnect ?? false }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    options.onConnection?.(socket);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, ...(options.backlog !== undefined ? { backlog: options.backlog } : {}) }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    host,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just bound and released: nothing listens there now (closed). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const l = await listen({ host });
  await l.close();
  return l.port;
}

/**
 * Listeners that close after each test: `const ports = listenersClosedAfterEach()`,
 * then `await ports.open()` in a test (vitest's afterEach does the closing).
 */
export function listenersClosedAfterEach(): { open: (host?: string) => Promise<number> } {
  const opened: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()!();
  });
  return {
    open: async (host = '127.0.0.1') => {
      const l = await listen({ host });
      opened.push(l.close);
      return l.port;
    },
  };
}
