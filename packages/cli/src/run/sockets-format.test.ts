import { painter } from '@nettk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { printLines, printRows, renderTable } from './sockets-format.js';

/** An Io whose stdout keeps what is written, as bytes. */
function memoryIo(color: boolean): Io & { written: () => Buffer } {
  const chunks: Buffer[] = [];
  const stdout = { write: (c: string | Uint8Array) => (chunks.push(Buffer.from(c)), true) } as unknown as NodeJS.WriteStream;
  return { stdout, out: painter(color), written: () => Buffer.concat(chunks) } as unknown as Io & { written: () => Buffer };
}

describe('printRows', () => {
  const header = ['COMMAND', 'PID', 'PEER'];
  const viaTable = (rows: string[][], color: boolean): Buffer => {
    const io = memoryIo(color);
    printLines(io, renderTable(header, rows, io));
    return io.written();
  };
  const viaRows = (rows: string[][], color: boolean): Buffer => {
    const io = memoryIo(color);
    printRows(io, header, rows, (row, out) => {
      for (let i = 0; i < row.length; i++) out[i] = row[i] as string;
    });
    return io.written();
  };

  it('writes the bytes of renderTable and printLines', () => {
    const rows = [
      ['node', '26014', '127.0.0.1:33581'],
      ['node', '26014', '127.0.0.1:33582'],
      ['na\u00efve \u2603', '7', '[::1]:80'],
      ['-', '-', '*'],
      ['x', '1', ''],
      ['y', '2', 'ends in a space '],
      ['z', '3', 'nbsp\u00a0'],
    ];
    for (const color of [false, true]) expect(viaRows(rows, color).toString()).toBe(viaTable(rows, color).toString());
  });

  it('agrees with renderTable on any cells', () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('node', '127.0.0.1:80', '', ' ', '\u00e9t\u00e9', '\u{1f600}'));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 20 }), (rows) => {
        const plain = rows.map((r) => [...r]);
        expect(viaRows(plain, false).equals(viaTable(plain, false))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
