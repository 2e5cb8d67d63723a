import { isIP, type Socket } from 'node:net';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import { NettkError, TimeoutError } from './errors.js';

export interface DialTlsOptions {
  servername?: string | undefined;
  /** false = `-k/--insecure`. */
  rejectUnauthorized?: boolean;
  ALPNProtocols?: string[];
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string;
  alpn: string | false | null;
  authorized: boolean;
  authorizationError: string | undefined;
  subject: string | undefined;
  issuer: string | undefined;
  validFrom: string | undefined;
  validTo: string | undefined;
  fingerprint256: string | undefined;
}

function dn(name: PeerCertificate['subject'] | undefined): string | undefined {
  if (!name) return undefined;
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

export function tlsInfo(socket: TLSSocket): TlsInfo {
  const cert = socket.getPeerCertificate();
  const has = cert && Object.keys(cert).length > 0;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? '',
    alpn: socket.alpnProtocol,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
    subject: has ? dn(cert.subject) : undefined,
    issuer: has ? dn(cert.issuer) : undefined,
    validFrom: has ? cert.valid_from : undefined,
    validTo: has ? cert.valid_to : undefined,
    fingerprint256: has ? cert.fingerprint256 : undefined,
  };
}

/**
 * node:tls loads only when a command asks for TLS: it costs start-up time.
 * process.getBuiltinModule (Node >= 20.16) loads it synchronously, without
 * the ESM loader's round trip.
 */
function loadTls(raw: Socket): Promise<typeof import('node:tls')> {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const loaded = typeof get === 'function' ? Promise.resolve(get('node:tls') as typeof import('node:tls')) : import('node:tls');
  // Whatever goes wrong, the connected socket must not be left open.
  return loaded.catch((error: unknown) => {
    raw.destroy();
    throw error;
  });
}

/**
 * Run a TLS handshake over a connected socket within a deadline. A plaintext
 * server usually stays silent or answers garbage: both fail here, fast, with
 * a hint, instead of hanging (redis-cli --tls hangs).
 */
export function upgradeTls(
  raw: Socket,
  options: DialTlsOptions,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  where: { host: string; port: number },
): Promise<{ socket: TLSSocket; info: TlsInfo }> {
  return loadTls(raw).then(({ connect: tlsConnect }) => new Promise((resolve, reject) => {
    const socket = tlsConnect({
      socket: raw,
      // RFC 6066 §3: SNI carries host names only, never IP literals (Node warns, DEP0123).
      ...(options.servername && isIP(options.servername.replace(/^\[|\]$/g, '')) === 0 ? { servername: options.servername } : {}),
      rejectUnauthorized: options.rejectUnauthorized ?? true,
      ...(options.ALPNProtocols ? { ALPNProtocols: options.ALPNProtocols } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
    });
    const finish = (err: Error | undefined): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('secureConnect', onSecure);
      socket.removeListener('error', onError);
      if (err) {
        socket.destroy();
        raw.destroy();
        reject(err);
      } else {
        resolve({ socket, info: tlsInfo(socket) });
      }
    };
    const onSecure = (): void => finish(undefined);
    const onError = (err: Error): void => {
      const code = (err as { code?: string }).code ?? '';
      const hint = /WRONG_VERSION|ECONNRESET|disconnected|EPROTO|packet length/i.test(`${code} ${err.message}`)
        ? ' — is this a TLS server?'
        : '';
      // OpenSSL messages span lines and carry source paths; its short `reason` is what a user needs.
      const reason = (err as { reason?: string }).reason ?? err.message.split('\n', 1)[0];
      finish(new NettkError('NETTK_ERR_NETWORK', `TLS handshake with ${where.host}:${where.port} failed: ${reason}${hint}`, { cause: err }));
    };
    const onAbort = (): void => finish(new NettkError('NETTK_ERR_ABORTED', 'TLS handshake aborted'));
    const timer = setTimeout(() => {
      finish(new TimeoutError(`TLS handshake with ${where.host}:${where.port} timed out after ${Math.round(timeoutMs)} ms — is this a TLS server?`));
    }, timeoutMs);
    socket.once('secureConnect', onSecure);
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  }));
}
