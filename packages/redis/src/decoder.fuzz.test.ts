import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LimitError, ProtocolError } from '@nettk/core';
import { RespDecoder } from './decoder.js';
import { formatJson } from './format-json.js';
import { formatTty } from './format-tty.js';
import type { RespValue } from './values.js';

/** Two formatters together keep every type distinction a test needs. */
const norm = (v: RespValue): string => formatTty(v) + formatJson(v);

/** A tiny RESP3 writer for generated values (server side, test only). */
type Gen =
  | { t: 'simple'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: number }
  | { t: 'bulk'; v: Uint8Array }
  | { t: 'streamed'; parts: Uint8Array[] }
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'double'; v: number }
  | { t: 'big'; v: bigint }
  | { t: 'verbatim'; v: string }
  | { t: 'array' | 'set' | 'streamedArray'; items: Gen[] }
  | { t: 'map'; items: Array<[Gen, Gen]> };

const line = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ' '));
const { value: genValue } = fc.letrec<{ value: Gen }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('simple' as const), v: line }),
    fc.record({ t: fc.constant('error' as const), v: line.map((s) => `ERR ${s}`) }),
    fc.record({ t: fc.constant('int' as const), v: fc.integer() }),
    fc.record({ t: fc.constant('bulk' as const), v: fc.uint8Array({ maxLength: 40 }) }),
    fc.record({ t: fc.constant('streamed' as const), parts: fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { maxLength: 4 }) }),
    fc.constant({ t: 'null' as const }),
    fc.record({ t: fc.constant('bool' as const), v: fc.boolean() }),
    fc.record({ t: fc.constant('double' as const), v: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    fc.record({ t: fc.constant('big' as const), v: fc.bigInt() }),
    fc.record({ t: fc.constant('verbatim' as const), v: line }),
    fc.record({ t: fc.constantFrom('array' as const, 'set' as const, 'streamedArray' as const), items: fc.array(tie('value'), { maxLength: 4 }) }),
    fc.record({ t: fc.constant('map' as const), items: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }) }),
  ),
}));

function write(g: Gen): Buffer {
  const b = (s: string): Buffer => Buffer.from(s, 'utf8');
  switch (g.t) {
    case 'simple': return b(`+${g.v}\r\n`);
    case 'error': return b(`-${g.v}\r\n`);
    case 'int': return b(`:${g.v}\r\n`);
    case 'bulk': return Buffer.concat([b(`$${g.v.length}\r\n`), g.v, b('\r\n')]);
    case 'streamed': return Buffer.concat([b('$?\r\n'), ...g.parts.flatMap((p) => [b(`;${p.length}\r\n`), p, b('\r\n')]), b(';0\r\n')]);
    case 'null': return b('_\r\n');
    case 'bool': return b(g.v ? '#t\r\n' : '#f\r\n');
    case 'double': return b(`,${g.v}\r\n`);
    case 'big': return b(`(${g.v}\r\n`);
    case 'verbatim': { const text = b(g.v); return Buffer.concat([b(`=${text.length + 4}\r\ntxt:`), text, b('\r\n')]); }
    case 'array': return Buffer.concat([b(`*${g.items.length}\r\n`), ...g.items.map(write)]);
    case 'set': return Buffer.concat([b(`~${g.items.length}\r\n`), ...g.items.map(write)]);
    case 'streamedArray': return Buffer.concat([b('*?\r\n'), ...g.items.map(write), b('.\r\n')]);
    case 'map': return Buffer.concat([b(`%${g.items.length}\r\n`), ...g.items.flatMap(([k, v]) => [write(k), write(v)])]);
  }
}

function decodeChunks(wire: Buffer, cuts: number[], limits = {}): RespValue[] {
  const out: RespValue[] = [];
  const d = new RespDecoder({ ...limits, onReply: (v) => out.push(v) });
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (wire.length + 1)).sort((a, b) => a - b), wire.length]) {
    if (cut > at) d.push(wire.subarray(at, cut));
    at = Math.max(at, cut);
  }
  return out;
}

describe('RespDecoder under generated input', () => {
  it('decodes any generated reply identically whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(fc.array(genValue, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (values, cuts) => {
        const wire = Buffer.concat(values.map(write));
        const whole = decodeChunks(wire, []);
        expect(whole).toHaveLength(values.length);
        expect(decodeChunks(wire, cuts).map(norm)).toEqual(whole.map(norm));
      }),
      { numRuns: 400 },
    );
  });

  it('never crashes, hangs or buffers past its caps on mutated and random frames', () => {
    const limits = { maxBulkLength: 64, maxAggregateLength: 8, maxDepth: 6, maxLineLength: 32 };
    const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate') });
    fc.assert(
      fc.property(
        fc.oneof(fc.array(genValue, { minLength: 1, maxLength: 3 }).map((vs) => Buffer.concat(vs.map(write))), fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u))),
        fc.array(mutation, { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (base, mutations, cuts, stringBulks) => {
          let wire = Buffer.from(base);
          for (const m of mutations) {
            const at = wire.length === 0 ? 0 : m.at % wire.length;
            if (m.kind === 'flip' && wire.length > 0) wire[at] = m.byte;
            else if (m.kind === 'insert') wire = Buffer.concat([wire.subarray(0, at), Buffer.of(m.byte), wire.subarray(at)]);
            else if (m.kind === 'delete') wire = Buffer.concat([wire.subarray(0, at), wire.subarray(at + 1)]);
            else wire = wire.subarray(0, at);
          }
          const d = new RespDecoder({ ...limits, stringBulks, onReply: () => {} });
          const started = performance.now();
          let at = 0;
          try {
            for (const cut of [...cuts.map((c) => c % (wire.length + 1)).sort((a, b) => a - b), wire.length]) {
              if (cut > at) d.push(wire.subarray(at, cut));
              at = Math.max(at, cut);
              // Held bytes never exceed the largest thing a cap allows (a bulk and its CRLF, or a line).
              expect(d.buffered).toBeLessThanOrEqual(limits.maxBulkLength + 2 + limits.maxLineLength + 3);
            }
          } catch (error) {
            if (!(error instanceof ProtocolError || error instanceof LimitError)) throw error;
          }
          expect(performance.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
