import { describe, expect, it } from 'vitest';
import { OutcomeReader, OutcomeWriter } from './outcome-rows.js';
import type { ScanOutcome } from './scan.js';

const outcome = (i: number): ScanOutcome => ({
  target: i % 3,
  address: i % 2,
  port: i,
  state: (['open', 'closed', 'filtered', 'unreachable', 'error'] as const)[i % 5]!,
  reason: i % 5 === 0 ? 'syn-ack' : 'conn-refused',
  // Mostly shared strings, and more distinct ones than the writer names by index.
  text: i % 2 === 0 ? 'Connection refused' : `distinct text ${i}`,
  errno: i % 5 === 0 ? null : 'ECONNREFUSED',
  ms: i / 7,
  guardFired: i % 4,
});

describe('outcome rows (worker → main thread)', () => {
  it('carry every field of every outcome across batches, strings included', () => {
    const writer = new OutcomeWriter(512);
    const reader = new OutcomeReader();
    const sent: ScanOutcome[] = [];
    const got: ScanOutcome[] = [];
    for (let i = 0; i < 12_000; i++) {
      const o = outcome(i);
      sent.push(o);
      writer.add(o);
      if (writer.full) reader.read(structuredClone(writer.take()), (r) => got.push(r));
    }
    if (writer.size > 0) reader.read(structuredClone(writer.take()), (r) => got.push(r));
    expect(got).toEqual(sent);
  });

  it('sends a shared string once per worker', () => {
    const writer = new OutcomeWriter(4);
    for (let i = 0; i < 4; i++) writer.add({ ...outcome(2), port: i });
    expect(writer.take().strings).toEqual(['conn-refused', 'Connection refused', 'ECONNREFUSED']);
    writer.add(outcome(2));
    expect(writer.take().strings).toEqual([]);
  });
});
