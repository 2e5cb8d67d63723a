import fc from 'fast-check';
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
  it('encodes short text that turns out not to be ASCII at every position of a scratch buffer', () => {
    // The scratch is 96 KiB (encoder.ts SCRATCH).
    for (let fill = 96 * 1024 - 80; fill < 96 * 1024 + 8; fill++) {
      const encoder = new CommandEncoder();
      const pad = Buffer.alloc(fill - 20, 1); // binary, copied into the scratch
      encoder.write([pad]);
      encoder.write(['SET', 'k\u00e9y', 'caf\u00e9 cr\u00e8me']);
      const want = Buffer.concat([encodeCommand([pad]), Buffer.from('*3\r\n$3\r\nSET\r\n$4\r\nk\u00e9y\r\n$12\r\ncaf\u00e9 cr\u00e8me\r\n')]);
      expect(Buffer.concat(encoder.take()).equals(want)).toBe(true);
    }
  });

  it('encodes any mix of text, numbers and bytes exactly, whenever take() is called', () => {
    const ref = (args: ReadonlyArray<string | number | bigint | Buffer>): Buffer =>
      Buffer.concat([
        Buffer.from(`*${args.length}\r\n`),
        ...args.flatMap((a) => {
          const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8');
          return [Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')];
        }),
      ]);
    const arg = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }), // any code point, lone surrogates included
      fc.string({ minLength: 2000, maxLength: 20_000 }),
      fc.integer(),
      fc.bigInt(),
      fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u)),
      fc.integer({ min: 16 * 1024, max: 70_000 }).map((n) => Buffer.alloc(n, n % 251)),
    );
    const step = fc.oneof(fc.array(arg, { minLength: 1, maxLength: 6 }), fc.constant('take' as const));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const encoder = new CommandEncoder();
        const got: Buffer[] = [];
        const want: Buffer[] = [];
        for (const s of steps) {
          if (s === 'take') got.push(...encoder.take());
          else {
            encoder.write(s);
            want.push(ref(s));
          }
        }
        const pending = encoder.pending;
        const rest = encoder.take();
        expect(pending).toBe(rest.reduce((n, b) => n + b.length, 0));
        got.push(...rest);
        expect(Buffer.concat(got).equals(Buffer.concat(want))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes a command given piece by piece (begin, arg) exactly as write() does', () => {
    const arg = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), minLength: 60, maxLength: 70 }),
      fc.integer(),
      fc.bigInt(),
      fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u)),
    );
    fc.assert(
      fc.property(fc.array(fc.array(arg, { minLength: 1, maxLength: 7 }), { maxLength: 40 }), fc.nat(96 * 1024), (commands, pad) => {
        const whole = new CommandEncoder();
        const pieces = new CommandEncoder();
        // Start anywhere in the scratch, so that every command can meet its end.
        whole.write([Buffer.alloc(pad % (96 * 1024 - 16))]);
        pieces.write([Buffer.alloc(pad % (96 * 1024 - 16))]);
        for (const c of commands) {
          whole.write(c);
          pieces.begin(c.length);
          for (const a of c) pieces.arg(a);
        }
        expect(Buffer.concat(pieces.take()).equals(Buffer.concat(whole.take()))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reuses its scratch after recycle() without changing a byte of what is sent', () => {
    const arg = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u)), fc.constant(Buffer.alloc(20_000, 3)));
    const step = fc.oneof(fc.array(arg, { minLength: 1, maxLength: 4 }), fc.constant('send' as const));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const encoder = new CommandEncoder();
        const sent: Buffer[] = [];
        const want: Buffer[] = [];
        for (const s of steps) {
          if (s !== 'send') {
            encoder.write(s);
            want.push(encodeCommand(s));
            continue;
          }
          // What a socket does: copy the bytes out, then hold none of the chunks.
          for (const chunk of encoder.take()) sent.push(Buffer.from(chunk));
          encoder.recycle();
        }
        for (const chunk of encoder.take()) sent.push(Buffer.from(chunk));
        expect(Buffer.concat(sent).equals(Buffer.concat(want))).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Recycling really reuses the memory, and only when nothing is pending.
    const encoder = new CommandEncoder();
    encoder.write(['PING']);
    const first = encoder.take()[0]!;
    encoder.write(['ECHO', 'x']);
    encoder.recycle(); // ECHO is pending: nothing moves
    const echo = encoder.take()[0]!;
    expect(echo.toString()).toBe('*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n');
    encoder.recycle();
    encoder.write(['PING']);
    const again = encoder.take()[0]!;
    expect(again.buffer).toBe(first.buffer);
    expect(again.byteOffset).toBe(first.byteOffset);
  });
});
