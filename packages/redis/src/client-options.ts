import type { DialTlsOptions } from '@nettk/core';
import type { DecoderLimits } from './decoder-support.js';
import type { RespMap, RespPush, RespValue } from './values.js';

export interface RedisClientOptions {
  host?: string;
  port?: number;
  /** 4 or 6 to use only that family; 0 for any. */
  family?: 0 | 4 | 6;
  /** TLS (`--tls`, `rediss://`); an object sets servername, CA, client certificate, verification. */
  tls?: boolean | DialTlsOptions;
  /** ACL user (Redis 6+); the password alone authenticates the `default` user. */
  username?: string;
  password?: string;
  /** SELECT this database after connecting (0 = leave as is). */
  db?: number;
  /** 3 sends `HELLO 3` and falls back to RESP2 when the server does not know HELLO. */
  protocol?: 2 | 3;
  /** CLIENT SETNAME during the handshake. */
  clientName?: string;
  /** Deadline for connect, TLS and the handshake together (default 10 s). */
  connectTimeoutMs?: number;
  /** Deadline for each reply; 0 (default) waits as long as the server takes (blocking commands). */
  commandTimeoutMs?: number;
  limits?: Partial<DecoderLimits>;
  /** Bulk strings as UTF-8 text instead of Buffers (like ioredis and node-redis by default; not binary-safe). */
  stringBulks?: boolean;
  /** Every byte sent ('out') and received ('in'), for --show-wire. */
  onWire?: (direction: 'out' | 'in', bytes: Buffer) => void;
  /** RESP3 pushes (pub/sub, invalidations) outside streaming mode. */
  onPush?: (push: RespPush, attributes: RespMap[] | undefined) => void;
  signal?: AbortSignal;
  /** The self-connect guard of core dial (default on). */
  guard?: boolean;
}

/** Reply callback: error is a connection-level failure; a server error reply arrives as a ReplyError value. */
export type ReplyCallback = (error: Error | null, value: RespValue, attributes: RespMap[] | undefined) => void;

/** A reply or push in streaming mode (SUBSCRIBE, MONITOR). */
export interface StreamEvent {
  value: RespValue;
  attributes: RespMap[] | undefined;
  push: boolean;
}
