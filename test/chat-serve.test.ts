import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runNettk } from './helpers/nettk.js';
import { LineClient, memoryOf, spawnServe, type ServeProcess } from './chat-helpers.js';

let serve: ServeProcess | undefined;
const clients: LineClient[] = [];

async function join(port: number): Promise<LineClient & { name: string }> {
  const c = await LineClient.join(port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await serve?.stop('SIGKILL');
  serve = undefined;
});

describe('nettk chat serve', () => {
  it('prints the port it chose, logs joins and leaves, and on SIGTERM tells every client and exits 0', async () => {
    serve = await spawnServe();
    expect(serve.log[0]).toMatch(/ listening on 127\.0\.0\.1:\d+ \(join with: nc 127\.0\.0\.1 \d+\)$/);
    const [a, b] = [await join(serve.port), await join(serve.port)];
    a.send('hello\n');
    await b.waitFor('<user1> hello');
    a.send('/quit\n');
    await serve.waitLog(/ leave user1 from 127\.0\.0\.1:\d+: quit \(1 online, stayed [\d.]+ s\)$/);
    const code = await serve.stop('SIGTERM');
    expect(code).toBe(0);
    expect(b.lines).toContain('*** server shutting down');
    await b.waitClosed();
    expect(serve.log.some((l) => / join user2 from 127\.0\.0\.1:\d+ \(2 online\)$/.test(l))).toBe(true);
    expect(serve.log.some((l) => /SIGTERM: shutting down, telling 1 client$/.test(l))).toBe(true);
    expect(serve.log.at(-1)).toMatch(/ stopped \(SIGTERM\)$/);
  });

  it('exits 0 on SIGINT too', async () => {
    serve = await spawnServe();
    await join(serve.port);
    expect(await serve.stop('SIGINT')).toBe(0);
  });

  it('logs one JSON event per line with --json', async () => {
    serve = await spawnServe(['--json', '--max-clients', '1']);
    const a = await join(serve.port);
    const refused = await LineClient.open(serve.port);
    clients.push(refused);
    await refused.waitFor('*** refused: server full (1 clients); try again later');
    a.send('/nick alice\n');
    await a.waitFor('*** You are now known as alice');
    expect(await serve.stop('SIGTERM')).toBe(0);
    const events = serve.log.filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.event)).toEqual(['listening', 'join', 'refused', 'rename', 'leave', 'stopped']);
    expect(events[0]).toMatchObject({ host: '127.0.0.1', port: serve.port, family: 4 });
    expect(events[1]).toMatchObject({ name: 'user1', address: '127.0.0.1', online: 1 });
    expect(events[2]).toMatchObject({ reason: 'full', online: 1 });
    expect(events[3]).toMatchObject({ from: 'user1', name: 'alice' });
    expect(events[4]).toMatchObject({ name: 'alice', reason: 'shutdown' });
    for (const e of events) expect(Number.isNaN(Date.parse(String(e.time)))).toBe(false);
  });

  it('applies --max-line, --idle-timeout and --crlf', async () => {
    serve = await spawnServe(['--max-line', '32', '--idle-timeout', '1', '--crlf']);
    const a = await LineClient.open(serve.port);
    clients.push(a);
    a.socket.setEncoding('latin1');
    let raw = '';
    a.socket.on('data', (text: string) => (raw += text));
    a.send(`${'x'.repeat(40)}\n`);
    await a.waitFor('*** line too long (40 bytes, max 32): not sent');
    await a.waitFor('*** disconnecting: idle for 1 s', 5000);
    await a.waitClosed();
    expect(raw).toMatch(/^\*\*\* Welcome to nettk chat, user1! Type \/help for commands\.\r\n/);
    expect(raw.split('\r\n').length - 1).toBe(raw.split('\n').length - 1);
    await serve.waitLog(/ drop user1 from .*: idle for 1 s/);
    await serve.waitLog(/ line-refused user1 from .*: 40 bytes is over --max-line \(1st from this client\)/);
  });

  it('rejects bad flags with exit 2 and a busy port with exit 3, in one line each', async () => {
    for (const args of [['--port', '65536'], ['--max-clients', '0'], ['--max-queue', 'lots'], ['--idle-timeout', '-1'], ['--host', 'bad host!']]) {
      const r = await runNettk(['chat', 'serve', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runNettk(['chat', 'serve', '--port', String(port)]);
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(`nettk: cannot listen on 127.0.0.1:${port}: address already in use\n`);
    } finally {
      busy.close();
    }
  });

  it('drops a client that never reads while another floods; readers get every line in order; RSS stays bounded', async () => {
    serve = await spawnServe();
    const [stuck, reader, flooder] = [await join(serve.port), await join(serve.port), await join(serve.port)];
    stuck.socket.pause();
    const payload = 'f'.repeat(1000);
    let sent = 0;
    let flooding = true;
    let waiting = false;
    // As fast as the reader reads, with at most 500 KB in flight: this test process is both the
    // flooder and the reader, and a reader that falls a full queue behind is rightly dropped too.
    let seen = reader.lines.length;
    let got = 0;
    const inFlight = (): number => {
      for (; seen < reader.lines.length; seen++) if (reader.lines[seen]!.startsWith('<user3> ')) got++;
      return sent - got;
    };
    const pump = (): void => {
      waiting = false;
      while (flooding && inFlight() < 500) {
        if (!flooder.socket.write(`${sent++} ${payload}\n`)) {
          waiting = true;
          return void flooder.socket.once('drain', pump);
        }
      }
    };
    reader.socket.on('data', () => {
      if (!waiting) pump();
    });
    pump();
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, memoryOf(serve!.child.pid!).peakMiB)), 100);
    try {
      await reader.waitFor('*** user1 has left (dropped: not reading (output queue over 1 MiB))', 15_000);
      // Keep flooding after the drop until 20 MiB (20x the cap) went through: memory must stay flat meanwhile.
      const until = performance.now() + 15_000;
      while (sent < 20_000 && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
    } finally {
      flooding = false;
      clearInterval(sample);
    }
    const last = sent - 1;
    await reader.waitFor(`<user3> ${last} ${payload}`, 15_000);
    peak = Math.max(peak, memoryOf(serve.child.pid!).peakMiB);
    const numbers = reader.lines.filter((l) => l.startsWith('<user3> ')).map((l) => Number(l.split(' ')[1]));
    expect(numbers.length).toBe(sent);
    expect(numbers.every((n, i) => n === i)).toBe(true);
    expect(sent).toBeGreaterThanOrEqual(20_000);
    expect(peak).toBeLessThan(150);
    await serve.waitLog(/ drop user1 from .*: dropped: not reading \(output queue over 1 MiB\)/);
  });
});
