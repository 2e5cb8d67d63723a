import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatServer, type ChatServer } from '@nettk/chat';
import { runNettk } from './helpers/nettk.js';
import { freePort } from './helpers/servers.js';
import { haveTool, LineClient } from './chat-helpers.js';

let server: ChatServer | undefined;
let raw: Server | undefined;
const children: ChildProcess[] = [];
const clients: LineClient[] = [];

async function chat(options: { maxClients?: number } = {}): Promise<number> {
  server = createChatServer({ port: 0, ...options });
  return (await server.start()).port;
}

async function watcher(port: number): Promise<LineClient> {
  const c = await LineClient.join(port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await server?.stop();
  server = undefined;
  await new Promise<void>((r) => (raw ? raw.close(() => r()) : r()));
  raw = undefined;
});

describe('nettk chat connect (plain line mode)', () => {
  it('sends stdin lines, prints received lines, and leaves when stdin ends', async () => {
    const port = await chat();
    const w = await watcher(port);
    const r = await runNettk(['chat', 'connect', '127.0.0.1', String(port)], { input: 'hello from a script\nsecond line\n' });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['*** Welcome to nettk chat, user2! Type /help for commands.', '*** Online (2): user1, user2']));
    await w.waitFor('<user2> second line');
    expect(w.lines.filter((l) => l.startsWith('<user2>'))).toEqual(['<user2> hello from a script', '<user2> second line']);
    await w.waitFor('*** user2 has left (connection closed)');
  });

  it('takes HOST:PORT in one argument and applies --nick before the first line goes out', async () => {
    const port = await chat();
    const w = await watcher(port);
    const r = await runNettk(['chat', 'connect', `127.0.0.1:${port}`, '--nick', 'alice'], { input: 'first line\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('*** You are now known as alice\n');
    await w.waitFor('<alice> first line');
    expect(w.lines.indexOf('*** user2 is now known as alice')).toBeLessThan(w.lines.indexOf('<alice> first line'));
    expect(w.has(/^<user2>/)).toBe(false);
  });

  it('prints one JSON object per received line with --ndjson', async () => {
    const port = await chat();
    const w = await watcher(port);
    const run = runNettk(['chat', 'connect', '127.0.0.1', String(port), '--ndjson', '--stay'], { timeoutMs: 10_000 });
    await w.waitFor('*** user2 has joined');
    w.send('hi \u00e9\n/me waves\n');
    await new Promise((r) => setTimeout(r, 200));
    await server!.stop();
    const r = await run;
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ kind: 'notice', event: { type: 'welcome', name: 'user2' } });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'message', from: 'user1', text: 'hi é' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'action', from: 'user1', text: 'waves' }));
    expect(events.at(-1)).toMatchObject({ kind: 'notice', event: { type: 'shutdown' } });
  });

  it('with --stay keeps receiving after stdin ends until the server closes, then exits 0', async () => {
    const port = await chat();
    const w = await watcher(port);
    const run = runNettk(['chat', 'connect', '127.0.0.1', String(port), '--stay'], { input: 'bye soon\n', timeoutMs: 10_000 });
    await w.waitFor('<user2> bye soon');
    w.send('still there?\n');
    await new Promise((r) => setTimeout(r, 200));
    await server!.stop();
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<user1> still there?\n*** server shutting down\n');
    expect(r.stderr).toMatch(/closed the connection/);
  });

  it('escapes control bytes from a server that does not strip them, unless --raw', async () => {
    raw = createServer((s) => s.end('<bob> \x1b[2Jevil\x07 caf\u00e9\r\n'));
    await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
    const port = (raw.address() as { port: number }).port;
    const escaped = await runNettk(['chat', 'connect', '127.0.0.1', String(port), '--stay']);
    expect(escaped.code).toBe(0);
    expect(escaped.stdout).toBe('<bob> \\e[2Jevil\\x07 café\n');
    const asIs = await runNettk(['chat', 'connect', '127.0.0.1', String(port), '--stay', '--raw']);
    expect(asIs.stdoutBytes.toString('latin1')).toBe(Buffer.from('<bob> \x1b[2Jevil\x07 caf\u00e9\n').toString('latin1'));
  });

  it('exits 3 with one line when the server is full or the port is closed, and 2 on bad arguments', async () => {
    const port = await chat({ maxClients: 1 });
    await watcher(port);
    const full = await runNettk(['chat', 'connect', '127.0.0.1', String(port)]);
    expect(full.code).toBe(3);
    expect(full.stderr).toBe(`nettk: 127.0.0.1:${port} refused us: server full (1 clients); try again later\n`);
    const closedPort = await freePort();
    const closed = await runNettk(['chat', 'connect', '127.0.0.1', String(closedPort)]);
    expect(closed.code).toBe(3);
    expect(closed.stderr).toBe(`nettk: connect to 127.0.0.1 port ${closedPort} (tcp) failed: Connection refused\n`);
    for (const args of [['127.0.0.1'], ['127.0.0.1', '99999'], ['127.0.0.1:1', '2'], ['127.0.0.1', '1', '--timeout', '0']]) {
      const r = await runNettk(['chat', 'connect', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('works against ncat --chat, and never sends /nick to a server that would relay it', async () => {
    if (!haveTool('ncat', 'ncat')) return;
    const port = await freePort();
    const ncat = spawn('ncat', ['-v', '-l', '127.0.0.1', String(port), '--chat'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(ncat);
    // A probe connection would itself become an ncat chat member: wait for its own "Listening" line instead.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ncat did not start listening within 5 s')), 5000);
      let err = '';
      ncat.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/Listening on/.test(err)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const w = await LineClient.open(port);
    clients.push(w);
    console.log('W local', w.socket.localPort, w.socket.remotePort, w.socket.isPaused(), w.socket.readableFlowing);
    await w.waitFor(/^<announce> already connected/);
    const r = await runNettk(['chat', 'connect', '127.0.0.1', String(port), '--nick', 'alice'], { input: 'hello ncat\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<announce> 127\.0\.0\.1 is connected as <user\d+>\.$/m);
    const hello = await w.waitFor(/hello ncat$/);
    expect(hello).toMatch(/^<user\d+> hello ncat$/);
    expect(w.has(/\/nick/)).toBe(false);
  });

  it('works against a plain nc -l peer in both directions', async () => {
    if (!haveTool('nc', 'netcat-openbsd')) return;
    const port = await freePort();
    const nc = spawn('nc', ['-N', '-l', '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'ignore'] });
    children.push(nc);
    let ncOut = '';
    nc.stdout!.on('data', (d: Buffer) => (ncOut += d.toString('utf8')));
    nc.stdin!.write('hello from nc\n');
    await new Promise((r) => setTimeout(r, 200));
    const run = runNettk(['chat', 'connect', '127.0.0.1', String(port), '--stay'], { input: 'hi from nettk\n', timeoutMs: 10_000 });
    for (let i = 0; i < 100 && !ncOut.includes('hi from nettk'); i++) await new Promise((r) => setTimeout(r, 50));
    nc.stdin!.end();
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello from nc\n');
    expect(ncOut).toBe('hi from nettk\n');
  });
});
