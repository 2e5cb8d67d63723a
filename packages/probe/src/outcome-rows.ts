import type { ScanOutcome } from './scan.js';
import type { ProbeState } from './types.js';

/**
 * Outcomes cross from a scan worker to the main thread as rows of numbers in
 * a transferred Float64Array, with their strings (reason, text, errno) sent
 * once each and referred to by index: structured-cloning 65,535 objects cost
 * both threads CPU and gave the main thread a fresh copy of every string.
 */
const ROW = 9;
const STATES: readonly ProbeState[] = ['open', 'closed', 'filtered', 'unreachable', 'error'];
const STATE_CODE: Readonly<Record<ProbeState, number>> = { open: 0, closed: 1, filtered: 2, unreachable: 3, error: 4 };
const CLOSED = STATE_CODE.closed;

/** Takes a closed outcome as numbers: target index, address index, guard firings. */
export type ClosedCounter = (target: number, address: number, guardFired: number) => void;

/** Distinct strings a worker names by index; past this, a string is sent each time. */
const MAX_SHARED_STRINGS = 4096;

export interface OutcomeBatch {
  rows: Float64Array;
  count: number;
  /** Strings first used in this batch, in index order. */
  strings: string[];
}

/** The worker's side: fills rows, hands out a batch for postMessage (transfer `rows.buffer`). */
export class OutcomeWriter {
  private rows: Float64Array;
  private count = 0;
  private readonly index = new Map<string, number>();
  private next = 0;
  private fresh: string[] = [];

  constructor(private readonly capacity: number) {
    this.rows = new Float64Array(capacity * ROW);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  add(o: ScanOutcome): void {
    const r = this.rows;
    const at = this.count++ * ROW;
    r[at] = o.target;
    r[at + 1] = o.address;
    r[at + 2] = o.port;
    r[at + 3] = STATE_CODE[o.state];
    r[at + 4] = o.guardFired;
    r[at + 5] = o.ms;
    r[at + 6] = this.ref(o.reason);
    r[at + 7] = this.ref(o.text);
    r[at + 8] = o.errno === null ? -1 : this.ref(o.errno);
  }

  take(): OutcomeBatch {
    const batch = { rows: this.rows, count: this.count, strings: this.fresh };
    this.rows = new Float64Array(this.capacity * ROW);
    this.count = 0;
    this.fresh = [];
    return batch;
  }

  private ref(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.next++;
      if (this.index.size < MAX_SHARED_STRINGS) this.index.set(s, i);
      this.fresh.push(s);
    }
    return i;
  }
}

/** The main thread's side: one reader per worker (string indexes are per worker). */
export class OutcomeReader {
  private readonly strings: string[] = [];

  /**
   * Calls onOutcome per row; with `onClosed`, a closed row is handed over as
   * numbers only, without building an object (a full scan of a host is
   * ~65,000 of them, which the caller may only count).
   */
  read(batch: OutcomeBatch, onOutcome: (o: ScanOutcome) => void, onClosed?: ClosedCounter): void {
    for (const s of batch.strings) this.strings.push(s);
    const r = batch.rows;
    const strings = this.strings;
    for (let i = 0; i < batch.count; i++) {
      const at = i * ROW;
      if (onClosed !== undefined && r[at + 3] === CLOSED) {
        onClosed(r[at]!, r[at + 1]!, r[at + 4]!);
        continue;
      }
      const errno = r[at + 8]!;
      onOutcome({
        target: r[at]!,
        address: r[at + 1]!,
        port: r[at + 2]!,
        state: STATES[r[at + 3]!]!,
        guardFired: r[at + 4]!,
        ms: r[at + 5]!,
        reason: strings[r[at + 6]!]!,
        text: strings[r[at + 7]!]!,
        errno: errno < 0 ? null : strings[errno]!,
      });
    }
  }
}
