import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { debuglog } from 'node:util';
import type { TLSSocket } from 'node:tls';
import { NO_RESPONSE, type Classification, type DialState } from './classify.js';
import { monotonicMs } from './clock.js';
import { connectOnce } from './connect-once.js';
import { NettkError } from './errors.js';
import { interleaveFamilies, resolveAll, type LookupAll, type ResolvedAddress } from './resolve.js';
import { formatHostPort } from './targets.js';
import { upgradeTls, type DialTlsOptions, type TlsInfo } from './tls.js';

const debug = debuglog('nettk');

export interface DialOptions {
  host: string;
  port: number;
  /** 4 or 6 to use only that family (`-4`/`-6`); 0 for any. */
  family?: 0 | 4 | 6;
  /** Deadline for lookup, every connect attempt and the TLS handshake together (default 10 s). */
  timeoutMs?: number;
  localAddress?: string;
  localPort?: number;
  signal?: AbortSignal;
  /** The Go-style self-connect guard (default on). */
  guard?: boolean;
  tls?: boolean | DialTlsOptions;
  /** RFC 8305 connection attempt delay before the next address is tried in parallel (default 250 ms). */
  attemptDelayMs?: number;
  lookup?: LookupAll;
  onEvent?: (event: DialEvent) => void;
}

export type DialEvent =
  | { type: 'resolved'; host: string; addresses: ResolvedAddress[]; ms: number }
  | { type: 'attempt'; address: string; family: 4 | 6; port: number }
  | { type: 'failed'; address: string; port: number; failure: Classification }
  | { type: 'guard'; address: string; port: number; fired: number }
  | { type: 'connected'; address: string; port: number; localAddress: string; localPort: number; ms: number }
  | { type: 'tls'; info: TlsInfo; ms: number };

/** Phase durations in ms; cumulative marks are `lookup`, `lookup+connect`, ... like curl's -w. */
export interface DialTimings {
  lookupMs: number;
  connectMs: number;
  tlsMs: number;
  totalMs: number;
}

export interface AttemptRecord {
  address: string;
  family: 4 | 6;
  state: DialState;
  reason: string;
  errno?: string | undefined;
}

export interface DialResult {
  socket: Socket | TLSSocket;
  host: string;
  address: string;
  family: 4 | 6;
  port: number;
  localAddress: string;
  localPort: number;
  timings: DialTimings;
  /** monotonicMs() when the dial started, for callers that continue the clock (TTFB). */
  startedAt: number;
  attempts: AttemptRecord[];
  guardFired: number;
  tls: TlsInfo | undefined;
}

export class DialError extends NettkError {
  readonly state: Exclude<DialState, 'open'>;
  readonly reason: string;
  readonly errno: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly attempts: AttemptRecord[];
  constructor(
    host: string,
    port: number,
    failure: Classification,
    attempts: AttemptRecord[],
    message: string,
    cause?: unknown,
  ) {
    super(failure.state === 'filtered' && failure.reason === 'no-response' ? 'NETTK_ERR_TIMEOUT' : 'NETTK_ERR_NETWORK', message, { cause });
    this.name = 'DialError';
    this.state = failure.state;
    this.reason = failure.reason;
    this.errno = failure.errno;
    this.host = host;
    this.port = port;
    this.attempts = attempts;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Open a TCP (optionally TLS) connection with a real deadline: every resolved
 * address is tried (RFC 8305 happy eyeballs), the self-connect guard is on by
 * default, and a failure is classified (closed / filtered / unreachable / dns
 * / local) with the errno kept as `cause`. Nothing is left open on failure.
 */
export async function dial(options: DialOptions): Promise<DialResult> {
  const startedAt = monotonicMs();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startedAt + timeoutMs;
  const emit = options.onEvent ?? (() => {});
  options.signal?.throwIfAborted();

  const addresses = await withAbort(
    resolveAll(options.host, { family: options.family ?? 0, timeoutMs, lookup: options.lookup }),
    options.signal,
  );
  const lookupMs = monotonicMs() - startedAt;
  if (isIP(options.host.replace(/^\[|\]$/g, '')) === 0) emit({ type: 'resolved', host: options.host, addresses, ms: lookupMs });

  const connected = await connectAny(options, interleaveFamilies(addresses), startedAt, timeoutMs, emit);
  const connectMs = monotonicMs() - startedAt - lookupMs;
  debug('dial %s connected via %s in %d ms', formatHostPort(options.host, options.port), connected.address, connectMs);

  let socket: Socket | TLSSocket = connected.socket;
  let tls: TlsInfo | undefined;
  let tlsMs = 0;
  if (options.tls) {
    const tlsStart = monotonicMs();
    const tlsOptions = options.tls === true ? {} : options.tls;
    const servername = tlsOptions.servername ?? (isIP(options.host) ? undefined : options.host);
    const upgraded = await upgradeTls(connected.socket, { ...tlsOptions, servername }, Math.max(1, deadline - tlsStart), options.signal, {
      host: options.host,
      port: options.port,
    });
    socket = upgraded.socket;
    tls = upgraded.info;
    tlsMs = monotonicMs() - tlsStart;
    emit({ type: 'tls', info: tls, ms: tlsMs });
  }
  return {
    socket,
    host: options.host,
    address: connected.address,
    family: connected.family,
    port: options.port,
    localAddress: connected.localAddress,
    localPort: connected.localPort,
    timings: { lookupMs, connectMs, tlsMs, totalMs: monotonicMs() - startedAt },
    startedAt,
    attempts: connected.attempts,
    guardFired: connected.guardFired,
    tls,
  };
}

interface Connected {
  socket: Socket;
  address: string;
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  attempts: AttemptRecord[];
  guardFired: number;
}

function connectAny(
  options: DialOptions,
  list: ResolvedAddress[],
  startedAt: number,
  timeoutMs: number,
  emit: (event: DialEvent) => void,
): Promise<Connected> {
  const deadline = startedAt + timeoutMs;
  const delay = options.attemptDelayMs ?? 250;
  return new Promise<Connected>((resolve, reject) => {
    const inflight = new Map<number, () => void>();
    const attempts: AttemptRecord[] = [];
    let lastFailure: { failure: Classification; cause: unknown } | undefined;
    let next = 0;
    let guardFired = 0;
    let settled = false;
    let stagger: NodeJS.Timeout | undefined;

    const cleanup = (): void => {
      settled = true;
      clearTimeout(overall);
      if (stagger) clearTimeout(stagger);
      for (const cancel of inflight.values()) cancel();
      inflight.clear();
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (failure: Classification, cause: unknown): void => {
      cleanup();
      const where = `${options.host} port ${options.port} (tcp)`;
      const tried = attempts.length > 1 ? ` [${attempts.map((a) => `${a.address}: ${a.reason}`).join(', ')}]` : '';
      const message =
        failure.reason === 'no-response'
          ? `connect to ${where} timed out after ${Math.round(timeoutMs)} ms${tried}`
          : `connect to ${where} failed: ${failure.text}${tried}`;
      reject(new DialError(options.host, options.port, failure, attempts, message, cause));
    };
    const onAbort = (): void => {
      if (settled) return;
      cleanup();
      reject(new NettkError('NETTK_ERR_ABORTED', `connect to ${options.host} port ${options.port} aborted`, { cause: options.signal?.reason }));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const startNext = (): void => {
      if (settled || next >= list.length) return;
      if (stagger) clearTimeout(stagger);
      stagger = undefined;
      const index = next++;
      const target = list[index]!;
      emit({ type: 'attempt', address: target.address, family: target.family, port: options.port });
      const cancel = connectOnce(
        {
          address: target.address,
          port: options.port,
          family: target.family,
          localAddress: options.localAddress,
          localPort: options.localPort,
          guard: options.guard ?? true,
        },
        (result) => {
          inflight.delete(index);
          guardFired += result.guardFired;
          if (result.guardFired > 0) emit({ type: 'guard', address: target.address, port: options.port, fired: result.guardFired });
          if (settled) {
            if (result.ok) result.socket.destroy();
            return;
          }
          if (result.ok) {
            attempts.push({ address: target.address, family: target.family, state: 'open', reason: 'syn-ack' });
            emit({
              type: 'connected',
              address: target.address,
              port: options.port,
              localAddress: result.localAddress,
              localPort: result.localPort,
              ms: monotonicMs() - startedAt,
            });
            cleanup();
            resolve({
              socket: result.socket,
              address: target.address,
              family: target.family,
              localAddress: result.localAddress,
              localPort: result.localPort,
              attempts,
              guardFired,
            });
            return;
          }
          attempts.push({ address: target.address, family: target.family, state: result.failure.state, reason: result.failure.reason, errno: result.failure.errno });
          emit({ type: 'failed', address: target.address, port: options.port, failure: result.failure });
          lastFailure = { failure: result.failure, cause: result.cause };
          if (next < list.length) startNext();
          else if (inflight.size === 0) fail(result.failure, result.cause);
        },
      );
      inflight.set(index, cancel);
      if (next < list.length) stagger = setTimeout(startNext, delay);
    };

    const overall = setTimeout(() => {
      if (settled) return;
      for (let i = 0; i < list.length; i++) {
        if (inflight.has(i)) {
          const t = list[i]!;
          attempts.push({ address: t.address, family: t.family, state: 'filtered', reason: 'no-response' });
        }
      }
      fail(lastFailure && inflight.size === 0 ? lastFailure.failure : NO_RESPONSE, lastFailure?.cause);
    }, Math.max(0, deadline - monotonicMs()));

    startNext();
  });
}

function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new NettkError('NETTK_ERR_ABORTED', 'aborted', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
