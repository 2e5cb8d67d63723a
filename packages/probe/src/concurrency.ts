import { openFileLimit } from '@nettk/core';

/** Ceiling on connects in flight: past this, loopback and LAN scans get no faster. */
const MAX_DEFAULT = 1024;
/** Descriptors kept free for stdio, DNS, the event loop and the caller. */
const RESERVED_FDS = 64;

/** A default concurrency that stays inside the process's fd limit. */
export function defaultConcurrency(limit: number | undefined = openFileLimit()): number {
  if (limit === undefined) return 256;
  return Math.max(1, Math.min(MAX_DEFAULT, Math.floor((limit - RESERVED_FDS) * 0.75)));
}
