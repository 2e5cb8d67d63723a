import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LimitError } from '@nettk/core';
import { RespDecoder } from './decoder.js';
import { RespMap, RespPush, RespSet, type RespValue } from './values.js';

/** Buffers (the binary-safe decode) as the text stringBulks must give, recursively. */
function asText(v: RespValue): unknown {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (Array.isArray(v)) return v.map(asText);
  if (v instanceof RespMap) return { map: v.entries.map(([k, x]) => [asText(k), asText(x)]) };
  if (v instanceof RespSet) return { set: v.items.map(asText) };
  if (v instanceof RespPush) return { push: v.items.map(asText) };
  return v;
}

function decode(wire: Buffer, cuts: number[], stringBulks: boolean): unknown[] {
  const out: unknown[] = [];
  const d = new RespDecoder({ stringBulks, onReply: (v) => out.push(asText(v)) });
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (wire.length + 1)).sort((a, b) => a - b), wire.length]) {
    // Fresh copies, as a socket hands them out.
    if (cut > at) d.push(Buffer.from(wire.subarray(at, cut)));
    at = Math.max(at, cut);
  }
  expect(d.idle).toBe(true);
  return out;
}

const bulk = (b: Buffer): Buffer => Buffer.concat([Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')]);

// Payloads on both sides of every fast-path condition: ASCII or not, short or long (1024 bytes), empty.
const payload = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 }).map((s) => Buffer.from(s, 'latin1')),
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(s, 'utf8')),
  fc.uint8Array({ maxLength: 30 }).map((u) => Buffer.from(u)),
  fc.integer({ min: 1000, max: 1100 }).map((n) => Buffer.alloc(n, 0x61 + (n % 26))),
  fc.integer({ min: 1000, max: 1100 }).map((n) => Buffer.from('é'.repeat(n >> 1), 'utf8')),
);
// A reply: a bulk, a null bulk, an array of bulks and other types, or a line type between them.
const reply = fc.oneof(
  payload.map(bulk),
  fc.constant(Buffer.from('$-1\r\n')),
  fc.constant(Buffer.from('+OK\r\n')),
  fc.integer().map((n) => Buffer.from(`:${n}\r\n`)),
  fc.array(payload, { maxLength: 5 }).map((items) => Buffer.concat([Buffer.from(`*${items.length}\r\n`), ...items.map(bulk)])),
  fc.array(payload, { minLength: 1, maxLength: 2 }).map((items) => Buffer.concat([Buffer.from(`%1\r\n`), ...[items[0]!, items[1] ?? items[0]!].map(bulk)])),
);

describe('RespDecoder with stringBulks', () => {
  it('gives the same text as decoding Buffers as UTF-8, whatever the payloads and chunk boundaries', () => {
    fc.assert(
      fc.property(fc.array(reply, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 10 }), (replies, cuts) => {
        const wire = Buffer.concat(replies);
        const want = decode(wire, [], false);
        expect(want).toHaveLength(replies.length);
        expect(decode(wire, [], true)).toEqual(want);
        expect(decode(wire, cuts, true)).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('cuts many short values from one chunk, and falls back per chunk when a byte is not ASCII', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i === 2500 ? `caf\u00e9-${i}` : `value-${i}`));
    const wire = Buffer.from(values.map((v) => `$${Buffer.byteLength(v)}\r\n${v}\r\n`).join(''), 'utf8');
    for (const size of [1, 7, 4096, 65536, wire.length]) {
      const got: RespValue[] = [];
      const d = new RespDecoder({ stringBulks: true, onReply: (v) => got.push(v) });
      for (let i = 0; i < wire.length; i += size) d.push(Buffer.from(wire.subarray(i, i + size)));
      expect(got).toEqual(values);
    }
  });

  it('keeps the bulk cap exact (the fuzz test in decoder.fuzz.test.ts runs both ways too)', () => {
    const limits = { maxBulkLength: 64, maxAggregateLength: 8, maxDepth: 6, maxLineLength: 32 };
    const d = new RespDecoder({ ...limits, stringBulks: true, onReply: () => {} });
    expect(() => d.push(Buffer.from(`$65\r\n${'a'.repeat(65)}\r\n`))).toThrow(LimitError);
    const ok: RespValue[] = [];
    new RespDecoder({ ...limits, stringBulks: true, onReply: (v) => ok.push(v) }).push(Buffer.from(`$64\r\n${'a'.repeat(64)}\r\n`));
    expect(ok).toEqual(['a'.repeat(64)]);
  });
});
