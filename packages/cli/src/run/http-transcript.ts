import { visible, type DialEvent, type TlsInfo } from '@nettk/core';
import type { Io } from '../io.js';

/** Split bytes into lines, each keeping its LF (the last may have none). */
function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl + 1;
    out.push(bytes.subarray(start, end));
    start = end;
  }
  return out;
}

/**
 * One wire line for the transcript: control bytes escaped by core visible();
 * the line end dropped, or shown as \r\n / \n with --show-crlf. A bare CR
 * inside a line is always shown.
 */
export function transcriptLine(line: Buffer, showCrlf: boolean): string {
  if (showCrlf) return visible(line, { showCrlf: true }).replace(/\n$/, '');
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end--;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  return visible(line.subarray(0, end));
}

/** The `-v` transcript on stderr: `* ` events, `> ` sent lines, `< ` received lines. */
export class Transcript {
  constructor(
    private readonly io: Io,
    private readonly showCrlf: boolean,
  ) {}

  info(text: string): void {
    this.io.stderr.write(`${this.io.err.dim(`* ${text}`)}\n`);
  }

  sent(bytes: Buffer): void {
    this.io.stderr.write(lines(bytes).map((l) => `${this.io.err.cyan('>')} ${transcriptLine(l, this.showCrlf)}\n`).join(''));
  }

  received(raw: Buffer[]): void {
    this.io.stderr.write(raw.map((l) => `${this.io.err.green('<')} ${transcriptLine(l, this.showCrlf)}\n`).join(''));
  }

  dial(event: DialEvent): void {
    switch (event.type) {
      case 'resolved':
        this.info(`${event.host} resolved to ${event.addresses.map((a) => a.address).join(', ')} in ${ms(event.ms)}`);
        break;
      case 'attempt':
        this.info(`Trying ${event.family === 6 ? `[${event.address}]` : event.address}:${event.port}...`);
        break;
      case 'failed':
        this.info(`connect to ${event.address} port ${event.port} failed: ${event.failure.text}`);
        break;
      case 'guard':
        this.info(`self-connect guard fired ${event.fired}x on port ${event.port}: redialled`);
        break;
      case 'connected':
        this.info(`Connected to ${event.address} port ${event.port} from ${event.localAddress}:${event.localPort} in ${ms(event.ms)}`);
        break;
      case 'tls':
        for (const line of tlsLines(event.info, event.ms)) this.info(line);
        break;
    }
  }
}

export function tlsLines(info: TlsInfo, handshakeMs: number): string[] {
  const out = [`TLS ${info.protocol ?? '?'} ${info.cipher}, ALPN ${info.alpn || 'none'}, handshake ${ms(handshakeMs)}`];
  if (info.subject !== undefined) {
    out.push(`certificate subject: ${info.subject}`);
    out.push(`certificate issuer: ${info.issuer ?? '?'}`);
    out.push(`certificate valid: ${info.validFrom ?? '?'} to ${info.validTo ?? '?'}`);
  }
  out.push(info.authorized ? 'certificate verified' : `certificate NOT verified: ${why(info.authorizationError)} (accepted because of -k/--insecure)`);
  return out;
}

// OpenSSL's verify codes as Node reports them, in words (the code kept for searching).
const VERIFY_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer certificate not found locally',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not name this host',
};

function why(code: string | undefined): string {
  if (code === undefined) return 'unknown reason';
  const words = VERIFY_ERRORS[code];
  return words ? `${words} (${code})` : code;
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}
