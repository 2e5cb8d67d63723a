import { createInterface } from 'node:readline';
import { debuglog } from 'node:util';
import { ExitCode } from '@nettk/core';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import type { Target } from './redis-connect.js';
import { History } from './redis-history.js';
import { ReplSession } from './redis-repl-session.js';
import { lineModeRunner } from './redis-lines.js';

const debug = debuglog('nettk');

/**
 * No command given: the ink REPL when stdin and stdout are terminals (and
 * output is human); otherwise commands are read one per line from stdin
 * and run in order, like `redis-cli < file`.
 */
export async function runInteractive(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const tty = io.stdin.isTTY === true && io.stdout.isTTY === true && io.mode === 'human' && !o.binary && o.raw !== true;
  if (!tty) return lineModeRunner(o, io, target);
  const session = new ReplSession(o, io, target);
  const failure = await session.connect();
  if (failure) io.stderr.write(failure);
  const history = History.fromEnv(io.env);
  try {
    // ink and react load only here, on a terminal (DESIGN.md convention 5).
    const view = await import('../views/redis-repl.js');
    const ink = await view.loadInk().catch((error: unknown) => {
      // Without ink (a bundle that cannot import() it) a readline REPL does the same job.
      debug('redis REPL: ink unavailable (%s), using readline', (error as Error).message);
      return undefined;
    });
    if (ink) await view.runRedisRepl(ink, session, history, io);
    else await runReadlineRepl(session, history, io);
  } finally {
    await session.close();
  }
  return ExitCode.ok;
}

/** The REPL on node:readline: prompt, line editing and ↑/↓ history from the terminal driver. */
export function runReadlineRepl(session: ReplSession, history: History, io: Io): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({
      input: io.stdin,
      output: io.stdout,
      prompt: session.prompt,
      terminal: true,
      history: [...history.entries].reverse(),
      historySize: 1000,
      removeHistoryDuplicates: true,
    });
    let busy = false;
    rl.on('line', (line) => {
      if (busy) return;
      busy = true;
      // readline keeps every line in its own list: drop the ones that carry passwords.
      if (!history.add(line) && line.trim() !== '') (rl as unknown as { history: string[] }).history.shift();
      rl.pause();
      void session.run(line).then((result) => {
        io.stdout.write(result.output);
        busy = false;
        if (result.quit) return rl.close();
        rl.setPrompt(session.prompt);
        rl.resume();
        rl.prompt();
      });
    });
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      io.stdout.write('\n');
      resolve();
    });
    rl.prompt();
  });
}

/** Lines from stdin, one at a time, for modes that read commands. */
export function stdinLines(io: Io): AsyncIterable<string> {
  return createInterface({ input: io.stdin, crlfDelay: Infinity });
}
