import { Socket } from 'node:net';
import { classifyError, type Classification } from './classify.js';

export interface ConnectOnceOptions {
  /** An IP literal: this layer never resolves names. */
  address: string;
  port: number;
  family: 4 | 6;
  localAddress?: string | undefined;
  localPort?: number | undefined;
  /** The Go-style self-connect guard (default on). */
  guard?: boolean | undefined;
  /** Per-attempt deadline in ms; 0 or undefined means none (the caller owns one). */
  timeoutMs?: number | undefined;
}

export type ConnectOnceResult =
  | { ok: true; socket: Socket; localAddress: string; localPort: number; guardFired: number; redials: number }
  | { ok: false; failure: Classification; cause: unknown; guardFired: number; redials: number };

/** Max redials after a self-connection or a spurious EADDRNOTAVAIL, as Go's doDialTCP. */
const MAX_REDIALS = 2;

/** Self-connection: local address:port equals remote address:port (golang.org/issue/2690). */
export function isSelfConnected(socket: Socket): boolean {
  return (
    socket.localPort !== undefined &&
    socket.localPort === socket.remotePort &&
    socket.localAddress === socket.remoteAddress
  );
}

/**
 * One TCP connect to an IP literal, callback-style so a scan of 65535 ports
 * allocates no promise per port. With the guard on and the kernel choosing
 * the local port, a self-connection or EADDRNOTAVAIL is closed and redialled
 * at most twice; a self-connection that survives is reported as `closed`
 * (nothing can be listening where the kernel let us bind), never as open.
 * The returned cancel function destroys any attempt in flight; `done` is
 * then never called.
 */
export function connectOnce(options: ConnectOnceOptions, done: (result: ConnectOnceResult) => void): () => void {
  const guard = (options.guard ?? true) && !options.localPort;
  let guardFired = 0;
  let redials = 0;
  let current: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;

  const finish = (result: ConnectOnceResult): void => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    done(result);
  };

  const attempt = (): void => {
    const socket = new Socket();
    current = socket;
    const onError = (err: Error): void => {
      socket.removeListener('connect', onConnect);
      socket.destroy();
      const failure = classifyError(err);
      if (guard && failure.errno === 'EADDRNOTAVAIL' && redials < MAX_REDIALS) {
        redials++;
        attempt();
        return;
      }
      finish({ ok: false, failure, cause: err, guardFired, redials });
    };
    const onConnect = (): void => {
      socket.removeListener('error', onError);
      if (guard && isSelfConnected(socket)) {
        guardFired++;
        socket.destroy();
        if (redials < MAX_REDIALS) {
          redials++;
          attempt();
          return;
        }
        finish({
          ok: false,
          failure: { state: 'closed', reason: 'self-connect', errno: undefined, text: 'Connected to itself (nothing listening)' },
          cause: undefined,
          guardFired,
          redials,
        });
        return;
      }
      finish({ ok: true, socket, localAddress: socket.localAddress ?? '', localPort: socket.localPort ?? 0, guardFired, redials });
    };
    socket.once('error', onError);
    socket.once('connect', onConnect);
    socket.connect({
      host: options.address,
      port: options.port,
      family: options.family,
      ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
      ...(options.localPort ? { localPort: options.localPort } : {}),
    });
  };

  if (options.timeoutMs && options.timeoutMs > 0) {
    timer = setTimeout(() => {
      if (finished) return;
      current?.destroy();
      finish({
        ok: false,
        failure: { state: 'filtered', reason: 'no-response', errno: undefined, text: 'timed out' },
        cause: undefined,
        guardFired,
        redials,
      });
    }, options.timeoutMs);
  }
  attempt();
  return () => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    current?.destroy();
  };
}
