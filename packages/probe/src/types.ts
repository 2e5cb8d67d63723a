import type { HostSpec, LookupAll } from '@nettk/core';

export type ProbeState = 'open' | 'closed' | 'filtered' | 'unreachable' | 'error';

export interface ProbeResult {
  host: string;
  address: string | null;
  family: 4 | 6 | null;
  port: number;
  service: string | null;
  state: ProbeState;
  /** nmap -sT reason: syn-ack, conn-refused, no-response, host-unreach, net-unreach, ... */
  reason: string;
  /** nc-style phrase: `succeeded!`, `Connection refused`, `timed out`. */
  text: string;
  errno: string | null;
  ms: number;
  /** How many times the self-connect guard fired for this port (a phantom avoided). */
  guardFired: number;
}

export interface ProbeTarget {
  host: string;
  addresses: Array<{ address: string; family: 4 | 6 }>;
  error: string | null;
}

export interface ProbeSummary {
  open: number;
  closed: number;
  filtered: number;
  unreachable: number;
  error: number;
  elapsedMs: number;
  /** Self-connections caught by the guard during the run. */
  guardFired: number;
}

export interface ProbeReport {
  targets: ProbeTarget[];
  /** Every result, or with `keepClosed: false` every result but the closed ones. */
  results: ProbeResult[];
  summary: ProbeSummary;
  /** Ports probed (results plus the closed ones left out). */
  probed: number;
  /** With `keepClosed: false`: closed ports left out of `results`, per target and address (indexes into `targets`). */
  closedOmitted: Array<{ target: number; address: number; count: number }>;
}

export interface ProgressInfo {
  done: number;
  total: number;
  open: number;
}

export interface ProbeOptions {
  hosts: Array<string | HostSpec>;
  ports: number[];
  /** Per-connect deadline (default 2000 ms, like `nc -w 2`). */
  timeoutMs?: number;
  /** Connects in flight; default from the fd limit. EMFILE lowers it at run time. */
  concurrency?: number;
  family?: 0 | 4 | 6;
  /** Extra attempts for ports that gave no answer (filtered). */
  retries?: number;
  /** Per hostname, stop at the first address that answers instead of reporting all. */
  first?: boolean;
  /** The Go-style self-connect guard; on unless you want phantoms. */
  guard?: boolean;
  signal?: AbortSignal;
  /**
   * Threads scanning: 1 (or 0) = this thread alone; N = this thread and N-1
   * worker threads sharing one cursor. Default: one per core, up to 4, for
   * 4096+ connects.
   */
  threads?: number;
  lookup?: LookupAll;
  /**
   * Keep closed results (default true). False counts them in the summary and
   * `closedOmitted` only: a full scan's ~65,000 refusals are never built as
   * objects, which keeps the scan's memory down when only the answers matter.
   */
  keepClosed?: boolean;
  onResult?: (result: ProbeResult) => void;
  onProgress?: (info: ProgressInfo) => void;
}
