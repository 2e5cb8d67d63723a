import { describe, expect, it } from 'vitest';
import { LimitError, ProtocolError } from '@nettk/core';
import { RespDecoder } from './decoder.js';
import type { DecoderLimits } from './decoder-support.js';
import { ReplyError, RespBigNumber, RespDouble, RespMap, RespPush, RespSet, RespVerbatim, type RespValue } from './values.js';

type Event = { kind: 'reply' | 'push'; value: unknown; attrs?: unknown };

/** A comparable picture of a decoded value that keeps every type distinction. */
export function norm(v: RespValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (Buffer.isBuffer(v)) return { bulk: v.toString('latin1') };
  if (Array.isArray(v)) return v.map(norm);
  if (v instanceof ReplyError) return { error: v.message };
  if (v instanceof RespDouble) return { double: v.text, value: v.value };
  if (v instanceof RespBigNumber) return { big: v.value.toString() };
  if (v instanceof RespVerbatim) return { verbatim: v.format, text: v.data.toString('latin1') };
  if (v instanceof RespMap) return { map: v.entries.map(([k, x]) => [norm(k), norm(x)]) };
  if (v instanceof RespSet) return { set: v.items.map(norm) };
  return { push: (v as RespPush).items.map(norm) };
}

function decode(wire: Buffer | string, mode: 'whole' | 'bytes' | number, limits: Partial<DecoderLimits> = {}): Event[] {
  const events: Event[] = [];
  const d = new RespDecoder({
    ...limits,
    onReply: (value, attrs) => events.push({ kind: 'reply', value: norm(value), ...(attrs ? { attrs: attrs.map(norm) } : {}) }),
    onPush: (value, attrs) => events.push({ kind: 'push', value: norm(value), ...(attrs ? { attrs: attrs.map(norm) } : {}) }),
  });
  const buf = typeof wire === 'string' ? Buffer.from(wire, 'latin1') : wire;
  const step = mode === 'whole' ? buf.length || 1 : mode === 'bytes' ? 1 : mode;
  for (let i = 0; i < buf.length; i += step) d.push(Buffer.from(buf.subarray(i, i + step)));
  expect(d.idle).toBe(true);
  return events;
}

const r = (value: unknown, attrs?: unknown): Event => ({ kind: 'reply', value, ...(attrs ? { attrs } : {}) });

// Every RESP2 and RESP3 type, streamed forms, attributes and pushes.
const CASES: Array<[string, string, Event[]]> = [
  ['a simple string', '+OK\r\n', [r('OK')]],
  ['an empty simple string', '+\r\n', [r('')]],
  ['a UTF-8 simple string', '+h\xc3\xa9\r\n', [r('hé')]],
  ['an error', '-ERR unknown command\r\n', [r({ error: 'ERR unknown command' })]],
  ['an integer', ':1000\r\n', [r(1000)]],
  ['a negative integer', ':-42\r\n', [r(-42)]],
  ['an int64 past 2^53 as a bigint', ':9223372036854775807\r\n', [r({ int: '9223372036854775807' })]],
  ['a bulk string', '$5\r\nhello\r\n', [r({ bulk: 'hello' })]],
  ['an empty bulk string', '$0\r\n\r\n', [r({ bulk: '' })]],
  ['a binary bulk string with CRLF inside', '$4\r\n\r\n\x00\xff\r\n', [r({ bulk: '\r\n\x00\xff' })]],
  ['a RESP2 null bulk', '$-1\r\n', [r(null)]],
  ['a RESP2 null array', '*-1\r\n', [r(null)]],
  ['an empty array', '*0\r\n', [r([])]],
  ['an array of mixed types', '*3\r\n:1\r\n$1\r\na\r\n+b\r\n', [r([1, { bulk: 'a' }, 'b'])]],
  ['a nested array', '*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n*0\r\n', [r([[1, 2], [[]]])]],
  ['an array with a null inside', '*2\r\n$-1\r\n_\r\n', [r([null, null])]],
  ['a RESP3 null', '_\r\n', [r(null)]],
  ['a true boolean', '#t\r\n', [r(true)]],
  ['a false boolean', '#f\r\n', [r(false)]],
  ['a double', ',3.14\r\n', [r({ double: '3.14', value: 3.14 })]],
  ['a double with an exponent', ',1.5e-3\r\n', [r({ double: '1.5e-3', value: 0.0015 })]],
  ['an infinite double', ',-inf\r\n', [r({ double: '-inf', value: -Infinity })]],
  ['a big number', '(3492890328409238509324850943850943825024385\r\n', [r({ big: '3492890328409238509324850943850943825024385' })]],
  ['a blob error', '!21\r\nSYNTAX invalid syntax\r\n', [r({ error: 'SYNTAX invalid syntax' })]],
  ['a verbatim string', '=15\r\ntxt:Some string\r\n', [r({ verbatim: 'txt', text: 'Some string' })]],
  ['a map', '%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n:2\r\n', [r({ map: [['first', 1], [{ bulk: 'second' }, 2]] })]],
  ['an empty map', '%0\r\n', [r({ map: [] })]],
  ['a set', '~3\r\n+a\r\n:1\r\n#f\r\n', [r({ set: ['a', 1, false] })]],
  ['a push as an event', '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n', [{ kind: 'push', value: { push: [{ bulk: 'message' }, { bulk: 'ch' }, { bulk: 'hi' }] } }]],
  ['a push between replies', '+a\r\n>1\r\n+p\r\n+b\r\n', [r('a'), { kind: 'push', value: { push: ['p'] } }, r('b')]],
  ['an attribute before a reply', '|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*1\r\n:2039123\r\n', [
    r([2039123], [{ map: [['key-popularity', { map: [[{ bulk: 'a' }, { double: '0.19', value: 0.19 }]] }]] }]),
  ]],
  ['an attribute inside an aggregate', '*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n', [r([1, 2], [{ map: [['ttl', 3600]] }])]],
  ['a streamed string', '$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n', [r({ bulk: 'Hello word' })]],
  ['an empty streamed string', '$?\r\n;0\r\n', [r({ bulk: '' })]],
  ['a streamed array', '*?\r\n:1\r\n:2\r\n:3\r\n.\r\n', [r([1, 2, 3])]],
  ['a streamed map', '%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n', [r({ map: [['a', 1], ['b', 2]] })]],
  ['a streamed set', '~?\r\n+x\r\n.\r\n', [r({ set: ['x'] })]],
  ['a streamed aggregate inside an array', '*2\r\n*?\r\n:1\r\n.\r\n$?\r\n;1\r\nz\r\n;0\r\n', [r([[1], { bulk: 'z' }])]],
  ['several replies in one chunk', '+OK\r\n:1\r\n$-1\r\n', [r('OK'), r(1), r(null)]],
];

describe('RespDecoder', () => {
  for (const [name, wire, expected] of CASES) {
    it(`decodes ${name} whole`, () => {
      expect(decode(wire, 'whole')).toEqual(expected);
    });
    it(`decodes ${name} byte by byte`, () => {
      expect(decode(wire, 'bytes')).toEqual(expected);
    });
  }

  it('decodes every case concatenated, split at every chunk size from 1 to 9', () => {
    const wire = CASES.map(([, w]) => w).join('');
    const expected = CASES.flatMap(([, , e]) => e);
    for (let size = 1; size <= 9; size++) expect(decode(wire, size)).toEqual(expected);
  });

  it('assembles a 3 MiB bulk string split across many chunks into one exact Buffer', () => {
    const payload = Buffer.alloc(3 * 1024 * 1024, 0x61);
    payload[12345] = 0x0d;
    const wire = Buffer.concat([Buffer.from(`$${payload.length}\r\n`), payload, Buffer.from('\r\n+after\r\n')]);
    const values: RespValue[] = [];
    const d = new RespDecoder({ onReply: (v) => values.push(v) });
    for (let i = 0; i < wire.length; i += 65536) d.push(wire.subarray(i, i + 65536));
    expect(values).toHaveLength(2);
    expect(Buffer.isBuffer(values[0])).toBe(true);
    expect((values[0] as Buffer).equals(payload)).toBe(true);
    expect(values[1]).toBe('after');
  });

  it('returns values that a later chunk cannot overwrite', () => {
    const values: RespValue[] = [];
    const d = new RespDecoder({ onReply: (v) => values.push(v) });
    const chunk = Buffer.from('$3\r\nabc\r\n');
    d.push(chunk);
    const spanning = Buffer.from('$3\r\nde');
    d.push(spanning);
    d.push(Buffer.from('f\r\n'));
    spanning.fill(0x7a);
    expect(values.map((v) => (v as Buffer).toString())).toEqual(['abc', 'def']);
  });

  it('gives bulk strings as text with stringBulks', () => {
    const values: RespValue[] = [];
    const d = new RespDecoder({ onReply: (v) => values.push(v), stringBulks: true });
    d.push(Buffer.from('$2\r\nhi\r\n*1\r\n$1\r\nx\r\n'));
    expect(values).toEqual(['hi', ['x']]);
  });
});

describe('RespDecoder errors and limits', () => {
  const fails = (wire: string, limits: Partial<DecoderLimits> = {}): Error => {
    for (const mode of ['whole', 'bytes'] as const) {
      let error: unknown;
      try {
        decode(wire, mode, limits);
      } catch (e) {
        error = e;
      }
      expect(error, `${JSON.stringify(wire)} ${mode}`).toBeInstanceOf(Error);
      if (mode === 'bytes') return error as Error;
    }
    throw new Error('unreachable');
  };

  it('names the byte when an HTTP server answers', () => {
    const error = fails('HTTP/1.1 400 Bad Request\r\n\r\n');
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toMatch(/expected a RESP type byte, got "H" .*is this a Redis server\?/);
  });

  it('suggests --tls when a TLS alert arrives', () => {
    expect(fails('\x15\x03\x03\x00\x02\x02\x32').message).toMatch(/got "\\x15".*TLS server\? \(try --tls\)/);
  });

  it('rejects a bulk string longer than the cap before reading it', () => {
    const error = fails('$1000\r\n', { maxBulkLength: 999 });
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toMatch(/1000 bytes is over the 999-byte cap/);
  });

  it('rejects the default 512 MiB cap plus one', () => {
    expect(fails(`$${512 * 1024 * 1024 + 1}\r\n`)).toBeInstanceOf(LimitError);
  });

  it('rejects an aggregate longer than the cap', () => {
    expect(fails('*11\r\n', { maxAggregateLength: 10 }).message).toMatch(/11 elements/);
    expect(fails('%6\r\n', { maxAggregateLength: 5 })).toBeInstanceOf(LimitError);
  });

  it('rejects nesting deeper than the cap', () => {
    expect(fails('*1\r\n'.repeat(5) + ':1\r\n', { maxDepth: 4 }).message).toMatch(/deeper than 4/);
  });

  it('rejects a line longer than the cap without waiting for its end', () => {
    expect(fails('+' + 'a'.repeat(200), { maxLineLength: 100 })).toBeInstanceOf(LimitError);
  });

  it('rejects a length header that never ends', () => {
    expect(fails('$' + '1'.repeat(40))).toBeInstanceOf(Error);
  });

  for (const [what, wire] of [
    ['a bad length', '$abc\r\n'],
    ['a negative length other than -1', '$-2\r\n'],
    ['a bulk string without its CRLF', '$3\r\nabcXY'],
    ['a bare LF', '+OK\n'],
    ['a bad integer', ':12a\r\n'],
    ['a bad boolean', '#x\r\n'],
    ['a bad double', ',abc\r\n'],
    ['a bad big number', '(12x\r\n'],
    ['a null with a payload', '_x\r\n'],
    ['a verbatim string without its format', '=3\r\nabc\r\n'],
    ['a chunk outside a streamed string', ';3\r\nabc\r\n'],
    ['an end marker outside a streamed aggregate', '.\r\n'],
    ['a non-chunk inside a streamed string', '$?\r\n+x\r\n'],
    ['a streamed map with a key but no value', '%?\r\n+k\r\n.\r\n'],
  ] as const) {
    it(`rejects ${what} with a protocol error`, () => {
      expect(fails(wire)).toBeInstanceOf(ProtocolError);
    });
  }

  it('stays failed after an error', () => {
    const d = new RespDecoder({ onReply: () => {} });
    expect(() => d.push(Buffer.from('?'))).toThrow(ProtocolError);
    expect(() => d.push(Buffer.from('+OK\r\n'))).toThrow(ProtocolError);
  });
});
