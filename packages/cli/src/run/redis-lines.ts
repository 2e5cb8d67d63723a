import { ExitCode } from '@nettk/core';
import { splitArgs } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { isBlockingCommand, isStreamingCommand } from './redis-commands.js';
import { connectRedis, type Target } from './redis-connect.js';
import { sendWithAttributes, streamPrinted, type Reply } from './redis-io.js';
import { ReplyPrinter, outputStyle } from './redis-output.js';
import { stdinLines } from './redis-repl.js';

/** Commands in flight before reading more lines: order is kept, memory is bounded. */
const WINDOW = 1000;

/**
 * `nettk redis < commands.txt`: one command per line (redis-cli syntax,
 * `N cmd` repeats, `quit` stops), replies printed in order. Commands are
 * pipelined, which keeps the order (one connection, FIFO replies) and is
 * much faster than a round trip per line. A SUBSCRIBE/MONITOR line streams
 * until Ctrl-C. Exit 1 when any reply was an error (--no-error-exit: 0).
 */
export async function lineModeRunner(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const printer = new ReplyPrinter(io, outputStyle(o, io), o);
  const client = await connectRedis(o, io, target);
  let chain: Promise<void> = Promise.resolve();
  let inflight = 0;
  let sentAny = false;
  const print = async (reply: Promise<Reply>): Promise<void> => {
    const { value, attributes } = await reply;
    inflight--;
    if (!printer.print(value, attributes)) await new Promise((resolve) => io.stdout.once('drain', resolve));
  };
  try {
    for await (const line of stdinLines(io)) {
      let args = splitArgs(line);
      if (args === null) {
        io.stderr.write('Invalid argument(s)\n');
        continue;
      }
      if (args.length === 0) continue;
      const first = args[0]!.toString().toLowerCase();
      if (first === 'quit' || first === 'exit') break;
      let times = 1;
      if (/^\d+$/.test(first) && args.length > 1) {
        times = Number(first);
        args = args.slice(1);
      }
      if (isStreamingCommand(args)) {
        await chain;
        const stop = (): void => void client.close();
        process.once('SIGINT', stop);
        try {
          await streamPrinted(client, args, io.stdout, (value, attributes) => printer.printEvent(value, attributes));
        } finally {
          process.off('SIGINT', stop);
        }
        break;
      }
      for (let i = 0; i < times; i++) {
        // As for a one-shot command: the first reply must come within the connect
        // deadline (a server that accepts and stays silent is not Redis), unless
        // the command may block by design.
        const guardFirst = !sentAny && o.commandTimeout === 0 && !isBlockingCommand(args);
        sentAny = true;
        if (guardFirst) client.setCommandTimeout(o.timeout * 1000);
        const reply = sendWithAttributes(client, args);
        if (guardFirst) client.setCommandTimeout(0);
        // Marked handled now; the chain still sees the failure when it gets there.
        reply.catch(() => undefined);
        inflight++;
        chain = chain.then(() => print(reply));
        if (inflight >= WINDOW) await chain;
      }
    }
    await chain;
  } finally {
    await client.close().catch(() => undefined);
  }
  return printer.errors > 0 && o.errorExit ? ExitCode.negative : ExitCode.ok;
}
