import { formatHostPort, parseHostPort, UsageError } from '@nettk/core';
import { checkUrl } from '../validate-http.js';
import type { Check, Module } from '../types.js';

/** Longest target accepted in /probe?target=: a host name is at most 253 bytes, URLs get room for a path. */
export const MAX_TARGET_LENGTH = 2048;

function hostPort(target: string, defaultPort?: number): { host: string; family: 0 | 4 | 6; port: number } {
  const hp = parseHostPort(target);
  const port = hp.port ?? defaultPort;
  if (port === undefined) throw new UsageError(`target "${target}" needs a port (HOST:PORT)`);
  return { host: hp.host, family: hp.family, port };
}

/**
 * The check a module runs for one `/probe?target=` value. Probe and doctor
 * modules take HOST:PORT; http modules a URL or HOST[:PORT] (the module's
 * scheme and path complete it); redis modules a redis:// URL or HOST[:PORT].
 * A bad target throws a UsageError whose message is the 400 reply.
 */
export function bindTarget(module: Module, target: string): Check {
  if (target.length > MAX_TARGET_LENGTH) throw new UsageError(`target is longer than ${MAX_TARGET_LENGTH} characters`);
  if (/[\x00-\x20\x7f]/.test(target.trim()) || target.trim() === '') throw new UsageError(`bad target ${JSON.stringify(target)}`);
  const check = module.check;
  const name = `${module.name}:${target}`;
  switch (check.kind) {
    case 'probe': {
      const { host, family, port } = hostPort(target);
      return { ...check, name, host, family: check.family || family, ports: [port], portSpec: String(port) };
    }
    case 'doctor': {
      const { port } = hostPort(target);
      return { ...check, name, ports: [port] };
    }
    case 'http': {
      const http = module.http ?? { scheme: 'http', path: '/' };
      const text = target.includes('://') ? target : (() => {
        const { host, port } = hostPort(target, http.scheme === 'https' ? 443 : 80);
        return `${http.scheme}://${formatHostPort(host, port)}${http.path}`;
      })();
      const url = checkUrl(text, ['http', 'https']);
      if (typeof url === 'string') throw new UsageError(url);
      return { ...check, name, url: url.href };
    }
    case 'redis': {
      const redis = module.redis ?? { scheme: 'redis', db: 0 };
      let text = target;
      if (!target.includes('://')) {
        const { host, port } = hostPort(target, 6379);
        const auth = redis.password !== undefined ? `${encodeURIComponent(redis.username ?? '')}:${encodeURIComponent(redis.password)}@` : '';
        text = `${redis.scheme}://${auth}${formatHostPort(host, port)}/${redis.db}`;
      }
      const url = checkUrl(text, ['redis', 'rediss']);
      if (typeof url === 'string') throw new UsageError(url);
      return { ...check, name, url: url.href };
    }
  }
}
