import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ink from 'ink';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIo } from '../packages/cli/src/io.js';
import { defaultOptions } from '../packages/cli/src/run/redis-args.js';
import { History } from '../packages/cli/src/run/redis-history.js';
import { ReplSession } from '../packages/cli/src/run/redis-repl-session.js';
import { RedisRepl } from '../packages/cli/src/views/redis-repl.js';
import { runNettk } from './helpers/nettk.js';
import { redisServerPath, startRedis, type RedisServer } from './helpers/redis-server.js';

const available = redisServerPath() !== undefined;
const settle = (ms = 80): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until the output so far contains text (bounded), for replies that travel over a real socket.
 * <Static> lines appear in one frame only, so every frame is searched, not just the last.
 */
async function until(frame: () => string | undefined, text: string, ms = 5000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const f = frame() ?? '';
    if (f.includes(text)) return f;
    if (Date.now() > deadline) throw new Error(`"${text}" never appeared in:\n${f.slice(-1500)}`);
    await settle(20);
  }
}

// redis-server is installed by the test setup when missing (as root); otherwise these are skipped with a loud line.
describe.skipIf(!available)('the redis REPL', () => {
  let server: RedisServer;
  let dir: string;
  beforeAll(async () => {
    server = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'nettk-redis-repl-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function session(): Promise<ReplSession> {
    const target = { host: '127.0.0.1', port: server.port, tls: false, user: undefined, password: undefined, db: 0 };
    const s = new ReplSession(defaultOptions(), createIo({}), target);
    expect(await s.connect()).toBe('');
    return s;
  }

  it('shows the prompt, runs a command and prints the reply as redis-cli does', async () => {
    const s = await session();
    const app = render(<RedisRepl ink={ink} session={s} history={new History(undefined)} />);
    try {
      expect(app.lastFrame()).toContain(`127.0.0.1:${server.port}>`);
      app.stdin.write('rpush replist a "b c"');
      await settle();
      app.stdin.write('\r');
      await until(() => app.frames.join('\n'), '(integer) 2');
      app.stdin.write('lrange replist 0 -1');
      await settle();
      app.stdin.write('\r');
      const frame = await until(() => app.frames.join('\n'), '2) "b c"');
      expect(frame).toContain('1) "a"');
    } finally {
      app.unmount();
      await s.close();
    }
  });

  it('puts the db and the transaction state in the prompt', async () => {
    const s = await session();
    const app = render(<RedisRepl ink={ink} session={s} history={new History(undefined)} />);
    try {
      for (const line of ['select 3', 'multi']) {
        app.stdin.write(line);
        await settle();
        app.stdin.write('\r');
        await settle(150);
      }
      // The prompt is in the live part of the screen: the last frame always has it.
      await until(app.lastFrame, `127.0.0.1:${server.port}[3](TX)>`);
      app.stdin.write('exec');
      await settle();
      app.stdin.write('\r');
      await until(app.lastFrame, `127.0.0.1:${server.port}[3]>`);
    } finally {
      app.unmount();
      await s.close();
    }
  });

  it('repeats with a leading count and recalls history with the up arrow', async () => {
    const s = await session();
    const app = render(<RedisRepl ink={ink} session={s} history={new History(undefined)} />);
    try {
      app.stdin.write('3 incr replcount');
      await settle();
      app.stdin.write('\r');
      await until(() => app.frames.join('\n'), '(integer) 3');
      app.stdin.write('\u001B[A');
      await until(() => app.frames.join('\n'), '> 3 incr replcount');
    } finally {
      app.unmount();
      await s.close();
    }
  });

  it('runs pasted lines one after another, in order', async () => {
    const s = await session();
    const app = render(<RedisRepl ink={ink} session={s} history={new History(undefined)} />);
    try {
      app.stdin.write('del pasted\rincr pasted\rincr pasted\rget pas');
      await settle();
      app.stdin.write('ted\r');
      const frame = await until(() => app.frames.join('\n'), '"2"');
      expect(frame.indexOf('(integer) 1')).toBeLessThan(frame.indexOf('(integer) 2'));
    } finally {
      app.unmount();
      await s.close();
    }
  });

  it('never writes AUTH, HELLO AUTH, ACL SETUSER or CONFIG SET requirepass to the history file', () => {
    const file = join(dir, 'history');
    const history = new History(file);
    for (const line of ['get a', 'auth secret', 'AUTH user secret', 'hello 3 auth u p', 'acl setuser bob >pw', 'config set requirepass x', '2 auth pw', 'set b 1']) {
      history.add(line);
    }
    expect(readFileSync(file, 'utf8')).toBe('get a\nset b 1\n');
    expect(new History(file).entries).toEqual(['get a', 'set b 1']);
  });

  it('runs piped stdin as commands, one per line, end to end', async () => {
    const r = await runNettk(['redis', '-p', String(server.port), '--no-raw'], { input: 'set piped 1\nincr piped\nget nothing\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK\n(integer) 2\n(nil)\n');
  });
});
