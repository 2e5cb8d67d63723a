import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SocketEntry } from '../model.js';
import { parseProcNet, type ProcRow } from './parse-net.js';
import { PROC_HEADER, procLine } from './proc-format.test-util.js';
import { readProcRows } from './read-proc-file.js';

const dir = mkdtempSync(join(tmpdir(), 'nettk-procnet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function table(n: number): string {
  const lines = [PROC_HEADER];
  for (let i = 0; i < n; i++) {
    const s = { proto: 'tcp', family: 4, state: i % 5 === 0 ? 'TIME_WAIT' : 'ESTABLISHED', local: { address: '127.0.0.1', port: i % 7 === 0 ? 8080 : 30000 + (i % 30000) }, remote: { address: '10.0.0.2', port: 40000 + (i % 20000) }, recvQ: i, sendQ: 0, inode: i % 5 === 0 ? 0 : 100000 + i, uid: 1000, user: null, pid: null, command: null, fd: null } as SocketEntry;
    lines.push(procLine(i, s));
  }
  return lines.join('\n') + '\n';
}

describe('readProcRows', () => {
  it('parses a table read in chunks as parseProcNet parses it whole (rows cut across 256 KiB reads)', () => {
    const text = table(9000); // ~1.3 MB: several chunks, lines split at chunk ends
    const file = join(dir, 'tcp');
    writeFileSync(file, text);
    const keep = (l: number, r: number): boolean => l === 8080 || r === 8080;
    for (const filter of [undefined, keep]) {
      const rows: ProcRow[] = [];
      readProcRows(file, 'tcp', 4, filter, rows);
      expect(rows).toEqual(parseProcNet(text, 'tcp', 4, filter));
    }
  });

  it('reads a last row without its newline, a header alone and an empty file', () => {
    const cases: Array<[string, number]> = [[table(3).trimEnd(), 3], [PROC_HEADER, 0], ['', 0]];
    for (const [text, n] of cases) {
      const file = join(dir, `t${n}-${text.length}`);
      writeFileSync(file, text);
      const rows: ProcRow[] = [];
      readProcRows(file, 'tcp', 4, undefined, rows);
      expect(rows).toHaveLength(n);
    }
  });

  it('throws when the table does not exist (IPv6 disabled)', () => {
    expect(() => readProcRows(join(dir, 'tcp6'), 'tcp', 6, undefined, [])).toThrow();
  });
});
