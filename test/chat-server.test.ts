import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createChatServer } from '@nettk/chat';
import { chatServerPerTest, haveTool } from './chat-helpers.js';

const start = chatServerPerTest();

describe('chat server: joining and relaying', () => {
  it('welcomes a client by name with who is online, and announces it to the others only', async () => {
    const { join } = await start();
    const a = await join();
    expect(a.lines).toEqual(['*** Welcome to nettk chat, user1! Type /help for commands.', '*** Online (1): user1']);
    const b = await join();
    expect(b.lines[1]).toBe('*** Online (2): user1, user2');
    await a.waitFor('*** user2 has joined');
    expect(b.has(/has joined/)).toBe(false);
  });

  it('relays every line to every other client as "<name> text" and never echoes it to the sender', async () => {
    const { join } = await start();
    const [a, b, c] = [await join(), await join(), await join()];
    a.send('hello from a\n');
    await b.waitFor('<user1> hello from a');
    await c.waitFor('<user1> hello from a');
    // b's line is relayed in a later turn than a's: once a has it, an echo of a's own line would have arrived first.
    b.send('reply from b\n');
    await a.waitFor('<user2> reply from b');
    expect(a.has(/hello from a/)).toBe(false);
    expect(b.has(/reply from b/)).toBe(false);
  });

  it('relays only whole lines: a partial line waits for its newline, CRLF and LF both end it', async () => {
    const { join } = await start();
    const [a, b] = [await join(), await join()];
    a.send('par');
    // A round trip through the server after "par" was written: had it been relayed, b would have it now.
    await new Promise((r) => setTimeout(r, 20));
    b.send('sync\n');
    await a.waitFor('<user2> sync');
    expect(b.has(/par/)).toBe(false);
    a.send('tial\r\nlf line\ncrlf line\r\n');
    await b.waitFor('<user1> crlf line');
    expect(b.lines.filter((l) => l.startsWith('<user1>'))).toEqual(['<user1> partial', '<user1> lf line', '<user1> crlf line']);
  });

  it('refuses an overlong line with a notice to its sender and relays the next one', async () => {
    const { events, join } = await start({ maxLineBytes: 100 });
    const [a, b] = [await join(), await join()];
    a.send(`${'x'.repeat(5000)}\nshort\n`);
    await a.waitFor('*** line too long (5000 bytes, max 100): not sent');
    await b.waitFor('<user1> short');
    expect(b.has(/xxx/)).toBe(false);
    expect(events).toContainEqual(expect.objectContaining({ type: 'line-refused', name: 'user1', bytes: 5000, count: 1 }));
  });

  it('strips control characters and escape sequences and passes UTF-8 through intact', async () => {
    const { join } = await start();
    const [a, b] = [await join(), await join()];
    a.send('h\u00e9llo \x1b[2J\x1b[31mw\u00f6rld\x1b[0m \u4f60\u597d \ud83c\udf89\x07\rX\x1b]0;title\x07\n');
    const line = await b.waitFor(/^<user1> /);
    expect(line).toBe('<user1> héllo wörld 你好 🎉X');
  });

  it('relays a last line without newline when its sender closes cleanly', async () => {
    const { join } = await start();
    const [a, b] = [await join(), await join()];
    a.socket.end('last words');
    await b.waitFor('<user1> last words');
    await b.waitFor('*** user1 has left (connection closed)');
  });

  it('relays lines between real nc clients', async () => {
    if (!haveTool('nc', 'netcat-openbsd')) return;
    const { port, join } = await start();
    const watcher = await join();
    const nc1 = spawn('nc', ['127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'ignore'] });
    const nc2 = spawn('nc', ['127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'ignore'] });
    try {
      let out2 = '';
      nc2.stdout.on('data', (d: Buffer) => (out2 += d.toString('utf8')));
      await watcher.waitFor('*** user3 has joined');
      nc1.stdin.write('from nc one \u00e9\n');
      await watcher.waitFor('<user2> from nc one é');
      for (let i = 0; i < 50 && !out2.includes('<user2> from nc one é'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out2).toContain('*** Welcome to nettk chat, user3!');
      expect(out2).toContain('<user2> from nc one é');
      nc1.stdin.end();
      nc1.kill();
      await watcher.waitFor(/^\*\*\* user2 has left/);
    } finally {
      nc1.kill('SIGKILL');
      nc2.kill('SIGKILL');
    }
  });
});

describe('chat server: lifecycle', () => {
  it('tells every client on stop, closes them all, and reports the stop', async () => {
    const { server: s, events, join } = await start();
    const [a, b] = [await join(), await join()];
    await s.stop('test over');
    for (const c of [a, b]) {
      expect(c.lines).toContain('*** server shutting down');
      await c.waitClosed();
    }
    expect(events.at(-1)).toEqual({ type: 'stopped', reason: 'test over' });
    expect(s.stats().online).toBe(0);
  });

  it('closes a client that does not read the shutdown notice after the grace period', async () => {
    const { server: s, join } = await start({ shutdownGraceMs: 200 });
    const a = await join();
    a.socket.pause();
    const t0 = performance.now();
    await s.stop();
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('fails to start on a port in use with a one-line error naming the address', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const s = createChatServer({ port });
      await expect(s.start()).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: address already in use`);
    } finally {
      busy.close();
    }
  });

  it('counts what it relayed', async () => {
    const { server: s, join } = await start();
    const [a, b, c] = [await join(), await join(), await join()];
    a.send('one\ntwo\n');
    await b.waitFor('<user1> two');
    await c.waitFor('<user1> two');
    expect(s.stats()).toMatchObject({ online: 3, peakOnline: 3, joined: 3, linesIn: 2 });
    expect(s.stats().linesOut).toBeGreaterThanOrEqual(4);
  });
});
