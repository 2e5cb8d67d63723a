import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { listen } from './servers.js';

export interface TestHttpServer {
  server: Server;
  port: number;
  url: string;
  /** Every request seen: method, url, headers, raw header pairs, body bytes. */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; rawHeaders: string[]; body: Buffer }>;
  /** Distinct client sockets that sent requests (keep-alive reuse shows as 1). */
  connections: Set<Socket>;
  close(): Promise<void>;
}

/**
 * Keep-alive of the test servers: longer than Node's 5 s default, so a client
 * that waits for the server to close is told apart by a wide margin even on a
 * loaded machine (assert `ms < ENDS_BEFORE_MS`).
 */
export const KEEP_ALIVE_MS = 15_000;
/** A process that ended before this did not wait for the server's keep-alive or idle timeouts. */
export const ENDS_BEFORE_MS = 8_000;

/**
 * A real node:http server on 127.0.0.1:0 that keeps idle connections open for
 * KEEP_ALIVE_MS: a client that waits for the server to close hangs that long.
 * The handler runs after the request body has been read.
 */
export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
  configure?: (server: Server) => void,
): Promise<TestHttpServer> {
  const requests: TestHttpServer['requests'] = [];
  const connections = new Set<Socket>();
  const server = createServer((req, res) => {
    connections.add(req.socket);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      handler(req, res, body);
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  configure?.(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawServer {
  port: number;
  /** Bytes received on each connection, in order of connection. */
  received: Buffer[];
  close(): Promise<void>;
}

/**
 * A raw TCP server that answers with whatever `respond` writes: the place
 * for malformed responses, stalls and servers that never close. `respond`
 * runs once the request head (up to the empty line) has arrived, or at once
 * with `immediate`.
 */
export async function startRawServer(respond: (socket: Socket, request: Buffer) => void, options: { immediate?: boolean } = {}): Promise<RawServer> {
  const received: Buffer[] = [];
  const l = await listen({
    onConnection: (socket) => {
      const index = received.push(Buffer.alloc(0)) - 1;
      let answered = false;
      if (options.immediate) {
        answered = true;
        respond(socket, Buffer.alloc(0));
      }
      socket.on('data', (chunk: Buffer) => {
        received[index] = Buffer.concat([received[index]!, chunk]);
        const text = received[index]!.toString('latin1');
        if (!answered && (text.includes('\r\n\r\n') || text.includes('\n\n'))) {
          answered = true;
          respond(socket, received[index]!);
        }
      });
    },
  });
  return { port: l.port, received, close: l.close };
}
