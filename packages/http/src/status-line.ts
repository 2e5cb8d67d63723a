import { ProtocolError, visible } from '@nettk/core';
import { decodeFieldBytes } from './headers.js';

export interface StatusLine {
  /** `1.1`, `1.0`. */
  httpVersion: string;
  major: number;
  minor: number;
  status: number;
  reason: string;
}

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
// A missing SP before an empty reason is tolerated: servers in the wild send `HTTP/1.1 200`.
const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?:[ \t](.*))?$/s;

/** Parse a response status line (without its terminator). */
export function parseStatusLine(line: Buffer): StatusLine {
  const text = line.toString('latin1');
  const m = STATUS_LINE.exec(text);
  if (!m) throw new ProtocolError(`malformed status line "${visible(line.subarray(0, 80), { keepNewlines: false })}"`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1) throw new ProtocolError(`unsupported HTTP version HTTP/${major}.${minor} in the status line (nettk speaks HTTP/1.x)`);
  const status = Number(m[3]);
  // RFC 9110 §15: status codes are 100-599; anything else cannot be classified.
  if (status < 100 || status > 599) throw new ProtocolError(`status code ${m[3]} out of range 100-599`);
  const raw = m[4] ?? '';
  const reason = (/^[\x20-\x7e\t]*$/.test(raw) ? raw : decodeFieldBytes(Buffer.from(raw, 'latin1'))).trim();
  return { httpVersion: `${major}.${minor}`, major, minor, status, reason };
}

const PREFIX = Buffer.from('HTTP/', 'latin1');

/**
 * Check the first bytes of a response early, before a whole line arrived: a
 * TLS server, an SSH banner or an HTTP/2-only server is named at once
 * instead of waiting for a line end that never comes.
 */
export function checkResponsePrefix(bytes: Buffer): void {
  const n = Math.min(bytes.length, PREFIX.length);
  let same = true;
  for (let i = 0; i < n && same; i++) same = bytes[i] === PREFIX[i];
  if (same) return;
  const shown = visible(bytes.subarray(0, 32), { keepNewlines: false });
  let hint = '';
  if ((bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03) hint = ' — a TLS server? use https:// or --tls';
  // RFC 9113 §4.1: a frame header is length(3) type(1); an h2 server answers with SETTINGS (type 4).
  else if (bytes.length >= 4 && bytes[0] === 0 && bytes[3] === 0x04) hint = ' — an HTTP/2-only server?';
  throw new ProtocolError(`not an HTTP/1.x response: starts with "${shown}"${hint}`);
}
