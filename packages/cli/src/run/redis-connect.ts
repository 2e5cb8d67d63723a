import { readFileSync } from 'node:fs';
import { UsageError, parseHost, type DialTlsOptions } from '@nettk/core';
import { RedisClient, parseRedisUrl, type RedisClientOptions } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { WireTap } from './redis-wire.js';

export interface Target {
  host: string;
  port: number;
  tls: boolean;
  user: string | undefined;
  password: string | undefined;
  db: number;
}

/** -u first, then -h/-p/-a/--user/-n on top (redis-cli lets flags after -u override it), then REDISCLI_AUTH. */
export function resolveTarget(o: RedisOptions, env: NodeJS.ProcessEnv): Target {
  const url = o.url !== undefined ? parseRedisUrl(o.url) : undefined;
  const host = parseHost(o.host ?? url?.host ?? '127.0.0.1').host;
  return {
    host,
    port: o.port ?? url?.port ?? 6379,
    tls: o.tls || url?.tls === true,
    user: o.user ?? url?.username,
    password: o.password ?? url?.password ?? (env.REDISCLI_AUTH !== undefined && env.REDISCLI_AUTH !== '' ? env.REDISCLI_AUTH : undefined),
    db: o.db ?? url?.db ?? 0,
  };
}

function readPem(flag: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${flag} "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function tlsOptions(o: RedisOptions, target: Target): boolean | DialTlsOptions {
  if (!target.tls) return false;
  const ca = readPem('--cacert', o.cacert);
  const cert = readPem('--cert', o.cert);
  const key = readPem('--key', o.key);
  return {
    rejectUnauthorized: !o.insecure,
    ...(o.sni !== undefined ? { servername: o.sni } : {}),
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
}

/** The client options for these flags; `extra` lets a mode add its own (onPush). */
export function clientOptions(o: RedisOptions, io: Io, target: Target, extra: Partial<RedisClientOptions> = {}): RedisClientOptions {
  const wire = o.showWire ? new WireTap(io) : undefined;
  return {
    host: target.host,
    port: target.port,
    family: o.family,
    tls: tlsOptions(o, target),
    ...(target.user !== undefined ? { username: target.user } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    db: target.db,
    protocol: o.protocol,
    connectTimeoutMs: o.timeout * 1000,
    commandTimeoutMs: o.commandTimeout * 1000,
    ...(wire ? { onWire: (direction: 'out' | 'in', bytes: Buffer) => wire.show(direction, bytes) } : {}),
    ...extra,
  };
}

export function connectRedis(o: RedisOptions, io: Io, target: Target, extra: Partial<RedisClientOptions> = {}): Promise<RedisClient> {
  return RedisClient.connect(clientOptions(o, io, target, extra));
}
