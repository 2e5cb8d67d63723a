import { formatHostPort, roundMs } from '@nettk/core';
import type { Preflight } from './preflight.js';

export interface Endpoint {
  address: string;
  port: number;
}

/** The `--json` document of `nettk selfconnect` (issue 6): every key always present. */
export interface SelfConnectReport {
  port: number;
  host: string;
  range: [number, number];
  reproduced: boolean;
  attempts: number;
  elapsedMs: number;
  local: Endpoint | null;
  remote: Endpoint | null;
  guard: { enabled: boolean; fired: number };
}

/** lsof's NAME column for a TCP socket: `TCP 127.0.0.1:50000->127.0.0.1:50000 (ESTABLISHED)`. */
export function lsofLine(local: Endpoint, remote: Endpoint, state = 'ESTABLISHED'): string {
  return `TCP ${formatHostPort(local.address, local.port)}->${formatHostPort(remote.address, remote.port)} (${state})`;
}

export interface ReportInput {
  attempts: number;
  elapsedMs: number;
  guard: boolean;
  guardFired: number;
  /** Both ends when a self-connection was made. */
  local?: Endpoint | undefined;
  remote?: Endpoint | undefined;
}

/** The `--json` document (issue 6 schema): reproduced iff both ends are known. */
export function buildReport(pre: Pick<Preflight, 'address' | 'port' | 'facts'>, input: ReportInput): SelfConnectReport {
  const reproduced = input.local !== undefined && input.remote !== undefined;
  return {
    port: pre.port,
    host: pre.address,
    range: [pre.facts.range[0], pre.facts.range[1]],
    reproduced,
    attempts: input.attempts,
    elapsedMs: roundMs(input.elapsedMs),
    local: reproduced ? { address: input.local!.address, port: input.local!.port } : null,
    remote: reproduced ? { address: input.remote!.address, port: input.remote!.port } : null,
    guard: { enabled: input.guard, fired: input.guardFired },
  };
}
