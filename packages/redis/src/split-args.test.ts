import { describe, expect, it } from 'vitest';
import { splitArgs } from './split-args.js';

const split = (line: string): string[] | null => splitArgs(line)?.map((b) => b.toString('latin1')) ?? null;

describe('splitArgs (redis-cli sdssplitargs)', () => {
  it('splits on whitespace and keeps quoted spaces', () => {
    expect(split('  set  k "a b"  ')).toEqual(['set', 'k', 'a b']);
  });
  it('understands escapes in double quotes, including \\xHH as one byte', () => {
    expect(split('set k "a\\n\\t\\"\\\\\\x41\\xff"')).toEqual(['set', 'k', 'a\n\t"\\A\xff']);
  });
  it('keeps single quotes literal except \\\'', () => {
    expect(split("set k 'a\\nb\\'c'")).toEqual(['set', 'k', "a\\nb'c"]);
  });
  it('returns null for unbalanced quotes or a quote followed by a letter', () => {
    expect(split('set k "abc')).toBeNull();
    expect(split("set k 'abc")).toBeNull();
    expect(split('set k "a"b')).toBeNull();
  });
  it('returns an empty list for a blank line', () => {
    expect(split('   ')).toEqual([]);
  });
});
