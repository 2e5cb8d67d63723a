import { setTimeout as sleep } from 'node:timers/promises';
import { readCounterTables, pickCounters, type Counter } from '../kernel/counters.js';
import { readKnobs, type Knob } from '../kernel/knobs.js';
import { isListener, toListener, type Listener } from '../listeners.js';
import { listSockets } from '../list.js';
import type { BackendChoice } from '../model.js';
import { hotSpots, type HotSpot } from '../summary.js';
import { sortSockets } from '../filters.js';
import { findings, type Finding } from './findings.js';

export interface DoctorOptions {
  backend?: BackendChoice;
  /** Counters are read twice this far apart to show what is rising now (0 = once). */
  sampleMs?: number;
  signal?: AbortSignal;
}

export interface DoctorReport {
  knobs: Knob[];
  counters: Counter[];
  sampleMs: number;
  listeners: Listener[];
  hotSpots: HotSpot[];
  findings: Finding[];
  backend: string;
  hiddenOwners: number;
  /** True when a finding is a warning (`nettk doctor` exits 1). */
  warnings: boolean;
}

/**
 * Kernel knobs, overflow counters and the sockets behind them, with findings.
 * Counters since boot say little; the delta over a short window says what is
 * happening now, so the sockets are read at the end of that window.
 */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const sampleMs = Math.max(0, options.sampleMs ?? 1000);
  const before = readCounterTables();
  if (sampleMs > 0) {
    try {
      await sleep(sampleMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      // The caller's reason (e.g. "interrupted"), not a generic AbortError.
      throw options.signal?.aborted ? (options.signal.reason ?? error) : error;
    }
  }
  const after = sampleMs > 0 ? readCounterTables() : undefined;
  const list = await listSockets({ listenerBacklog: true, ...(options.backend ? { backend: options.backend } : {}) });
  const knobs = readKnobs();
  const counters = pickCounters(before, after);
  const listeners = sortSockets(list.sockets.filter(isListener)).map(toListener);
  const spots = hotSpots(list.sockets);
  const found = findings({ knobs, counters, listeners, hotSpots: spots, sampleMs });
  return {
    knobs,
    counters,
    sampleMs,
    listeners,
    hotSpots: spots,
    findings: found,
    backend: list.backend,
    hiddenOwners: list.hiddenOwners,
    warnings: found.some((f) => f.level === 'warning'),
  };
}
