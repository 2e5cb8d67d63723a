import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../../test/helpers/servers.js';
import { LimitError, TimeoutError } from './errors.js';
import { LineSplitter, SocketReader, type SplitItem } from './framing.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A connected client whose server side runs `serve`. */
async function pair(serve: (s: Socket) => void): Promise<Socket> {
  const l = await listen({ onConnection: serve });
  cleanups.push(l.close);
  const c = connect({ host: '127.0.0.1', port: l.port });
  cleanups.push(() => c.destroy());
  await new Promise<void>((resolve) => c.once('connect', resolve));
  return c;
}

describe('SocketReader', () => {
  it('reads until a delimiter, exactly N bytes, then what is left until close', async () => {
    const c = await pair((s) => {
      s.write('HTTP/1.1 200 OK\r\n');
      setTimeout(() => s.end('12345rest'), 20);
    });
    const r = new SocketReader(c);
    expect((await r.readUntil('\r\n', { timeoutMs: 1000 })).toString()).toBe('HTTP/1.1 200 OK\r\n');
    expect((await r.readExactly(5, { timeoutMs: 1000 })).toString()).toBe('12345');
    expect((await r.readSome({ timeoutMs: 1000 }))?.toString()).toBe('rest');
    expect(await r.readSome({ timeoutMs: 1000 })).toBeNull();
    expect(r.done).toBe(true);
  });

  it('finds a delimiter split across chunks', async () => {
    const c = await pair((s) => {
      s.write('abc\r');
      setTimeout(() => s.write('\ndef'), 20);
    });
    const r = new SocketReader(c);
    expect((await r.readUntil('\r\n', { timeoutMs: 1000 })).toString()).toBe('abc\r\n');
    r.detach();
  });

  it('times out with a clear error instead of waiting forever', async () => {
    const c = await pair(() => {});
    const r = new SocketReader(c);
    await expect(r.readUntil('\n', { timeoutMs: 50 })).rejects.toThrow(TimeoutError);
    await expect(r.readExactly(1, { timeoutMs: 50 })).rejects.toThrow(/timed out after 50 ms waiting for 1 bytes/);
    r.detach();
  });

  it('caps the bytes read before a delimiter', async () => {
    const c = await pair((s) => s.write(Buffer.alloc(10_000, 0x61)));
    const r = new SocketReader(c);
    await expect(r.readUntil('\n', { timeoutMs: 1000, maxBytes: 4096 })).rejects.toThrow(LimitError);
    r.detach();
  });

  it('reports a peer that closes before the delimiter', async () => {
    const c = await pair((s) => s.end('partial'));
    const r = new SocketReader(c);
    await expect(r.readUntil('\n', { timeoutMs: 1000 })).rejects.toThrow(/connection closed by peer/);
  });

  it('pauses a fast peer instead of buffering without bound', async () => {
    const c = await pair((s) => {
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && s.write(chunk)) sent++;
        if (sent < 200) s.once('drain', pump);
      };
      pump();
    });
    const r = new SocketReader(c, { highWaterMark: 256 * 1024 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Paused at the high-water mark: what sits unread stays near it (one socket read beyond at most).
    expect(r.buffered).toBeLessThan(256 * 1024 + 512 * 1024);
    expect(c.isPaused()).toBe(true);
    await r.readExactly(200 * 1024, { timeoutMs: 1000 });
    r.detach();
  });
});

function splitAll(splitter: LineSplitter, input: Buffer, byteByByte: boolean): SplitItem[] {
  if (!byteByByte) return splitter.push(input);
  const out: SplitItem[] = [];
  for (const b of input) out.push(...splitter.push(Buffer.from([b])));
  return out;
}

describe.each([false, true])('LineSplitter (byte by byte: %s)', (byteByByte) => {
  const show = (items: SplitItem[]): string[] => items.map((i) => (i.type === 'line' ? i.line.toString() : `<overlong ${i.bytes}>`));

  it('ends lines at LF and CRLF, keeps a partial line for later', () => {
    const s = new LineSplitter({ maxLineBytes: 100 });
    expect(show(splitAll(s, Buffer.from('one\r\ntwo\nthr'), byteByByte))).toEqual(['one', 'two']);
    expect(s.pendingBytes).toBe(3);
    expect(show(splitAll(s, Buffer.from('ee\n\n'), byteByByte))).toEqual(['three', '']);
  });

  it('refuses an overlong line once and resumes at the next newline', () => {
    const s = new LineSplitter({ maxLineBytes: 5 });
    const items = splitAll(s, Buffer.from('12345\n123456\nok\n'), byteByByte);
    expect(show(items)).toEqual(['12345', '<overlong 6>', 'ok']);
  });

  it('never holds more than the cap for an endless line', () => {
    const s = new LineSplitter({ maxLineBytes: 10 });
    splitAll(s, Buffer.alloc(1000, 0x61), byteByByte);
    expect(s.pendingBytes).toBeLessThanOrEqual(11);
    expect(show(s.flush())).toEqual(['<overlong 1000>']);
  });

  it('flushes an unterminated last line', () => {
    const s = new LineSplitter({ maxLineBytes: 10 });
    splitAll(s, Buffer.from('bye'), byteByByte);
    expect(show(s.flush())).toEqual(['bye']);
    expect(s.flush()).toEqual([]);
  });
});
