import { parseRunbook } from '../load.js';
import type { Module } from '../types.js';

/**
 * The modules `nettk serve` offers without --config, written in the runbook
 * schema a config file uses (and printed by the README as a starting point).
 */
export const BUILTIN_MODULES_YAML = `modules:
  tcp:
    kind: probe
    expect: open
  tcp_closed:
    kind: probe
    expect: closed
  http_2xx:
    kind: http
    expect: {status: 2xx}
  https_2xx:
    kind: http
    scheme: https
    expect: {status: 2xx}
  redis_ping:
    kind: redis
    command: PING
    expect: PONG
  selfconnect_risk:
    kind: selfconnect-risk
`;

export function builtinModules(): Module[] {
  return parseRunbook(BUILTIN_MODULES_YAML, '<builtin modules>', { purpose: 'serve' }).modules;
}
