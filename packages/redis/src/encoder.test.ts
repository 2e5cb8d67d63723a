import { describe, expect, it } from 'vitest';
import { CommandEncoder, encodeCommand } from './encoder.js';
import { RequestReader } from './request-reader.js';

describe('CommandEncoder', () => {
  it('encodes a command as a RESP array of bulk strings', () => {
    expect(encodeCommand(['SET', 'k', 'v']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
  });

  it('counts UTF-8 bytes, not characters, and writes numbers in decimal', () => {
    expect(encodeCommand(['SET', 'é', 42, 10n]).toString()).toBe('*4\r\n$3\r\nSET\r\n$2\r\né\r\n$2\r\n42\r\n$2\r\n10\r\n');
    const long = 'ü'.repeat(40);
    expect(encodeCommand([long]).toString()).toBe(`*1\r\n$80\r\n${long}\r\n`);
  });

  it('keeps binary arguments byte for byte, big ones without copying', () => {
    const small = Buffer.from([0, 13, 10, 255]);
    expect(encodeCommand(['SET', small]).equals(Buffer.concat([Buffer.from('*2\r\n$3\r\nSET\r\n$4\r\n'), small, Buffer.from('\r\n')]))).toBe(true);
    const big = Buffer.alloc(100_000, 7);
    const encoder = new CommandEncoder();
    encoder.write(['SET', 'k', big]);
    const parts = encoder.take();
    expect(parts.some((p) => p === big)).toBe(true);
    expect(Buffer.concat(parts).length).toBe(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n`.length + 100_000 + 2);
  });

  it('round-trips thousands of pipelined commands through a request reader', () => {
    const encoder = new CommandEncoder();
    const commands: string[][] = [];
    for (let i = 0; i < 5000; i++) commands.push(['SET', `key:${i}`, 'x'.repeat(i % 300)]);
    for (const c of commands) encoder.write(c);
    expect(encoder.pending).toBeGreaterThan(64 * 1024);
    const wire = Buffer.concat(encoder.take());
    expect(encoder.pending).toBe(0);
    const reader = new RequestReader();
    const decoded: string[][] = [];
    for (let i = 0; i < wire.length; i += 777) decoded.push(...reader.push(wire.subarray(i, i + 777)).map((c) => c.map(String)));
    expect(decoded).toEqual(commands);
  });

  it('never overwrites bytes it already handed out', () => {
    const encoder = new CommandEncoder();
    encoder.write(['PING']);
    const first = encoder.take()[0]!;
    const copy = Buffer.from(first);
    for (let i = 0; i < 100; i++) encoder.write(['SET', 'k', 'v'.repeat(1000)]);
    encoder.take();
    expect(first.equals(copy)).toBe(true);
  });
});
