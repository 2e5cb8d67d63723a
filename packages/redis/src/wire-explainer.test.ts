import { describe, expect, it } from 'vitest';
import { WireExplainer } from './wire-explainer.js';

describe('WireExplainer', () => {
  it('splits traffic into lines and names each type, whole or byte by byte', () => {
    const wire = Buffer.from('*2\r\n$3\r\nGET\r\n$1\r\nk\r\n%1\r\n+a\r\n#t\r\n$-1\r\n');
    const expected = ['array, 2 elements', 'bulk string, 3 bytes', 'payload', 'bulk string, 1 byte', 'payload', 'map, 1 pair', 'simple string', 'boolean true', 'null bulk string (RESP2)'];
    const whole = new WireExplainer().push(wire).map((l) => l.note);
    expect(whole).toEqual(expected);
    const e = new WireExplainer();
    const lines = [];
    for (const byte of wire) lines.push(...e.push(Buffer.of(byte)));
    expect(lines.map((l) => l.note).filter(Boolean)).toEqual(expected);
  });

  it('counts a big payload through without holding it', () => {
    const e = new WireExplainer();
    const lines = [...e.push(Buffer.from('$1000\r\n')), ...e.push(Buffer.alloc(1002, 0x61)), ...e.push(Buffer.from('+OK\r\n'))];
    expect(lines.map((l) => l.note)).toEqual(['bulk string, 1000 bytes', 'payload', '... 906 more payload bytes not shown', 'simple string']);
    expect(lines[1]!.bytes.length).toBe(96);
  });
});
