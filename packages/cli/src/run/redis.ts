import { ExitCode } from '@nettk/core';
import { ReplyError, type RedisClient } from '@nettk/redis';
import type { RedisCliArgs } from '../commands/redis.js';
import { createIo, type Io } from '../io.js';
import { parseRedisArgv, type RedisOptions } from './redis-args.js';
import { connectRedis, resolveTarget, type Target } from './redis-connect.js';
import { REDIS_HELP } from './redis-help.js';
import { ReplyPrinter, outputStyle } from './redis-output.js';
import { readAllStdin, sendWithAttributes, streamPrinted, untilInterrupted } from './redis-io.js';
import { isBlockingCommand, isStreamingCommand } from './redis-commands.js';

/** The words after `redis` on the command line, as typed. */
export function redisArgv(args: Pick<RedisCliArgs, '_'>): string[] {
  const words = args._.map(String);
  let i = words.indexOf('redis');
  // With halt-at-non-option yargs may list the command name twice.
  if (words[i + 1] === 'redis' && words.length > i + 1) i++;
  return words.slice(i + 1);
}

/** The options of a `nettk redis` line: its words, plus global flags yargs took before them (main.ts may skip yargs). */
export function redisOptionsOf(args: RedisCliArgs): RedisOptions {
  const o = parseRedisArgv(redisArgv(args));
  o.json ||= args.json === true;
  o.ndjson ||= args.ndjson === true;
  o.color ??= args.color;
  o.debug ||= args.debug === true;
  return o;
}

export async function runRedis(args: RedisCliArgs, baseIo: Io): Promise<number> {
  const o = redisOptionsOf(args);
  if (o.help) {
    baseIo.stdout.write(REDIS_HELP);
    return ExitCode.ok;
  }
  const io = createIo({ json: o.json, ndjson: o.ndjson, color: o.color, debug: o.debug });
  const target = resolveTarget(o, io.env);
  if (o.pipe) return (await import('./redis-pipe.js')).runPipe(o, io, target);
  if (o.latency || o.latencyHistory) return (await import('./redis-latency.js')).runLatency(o, io, target);
  if (o.stat) return (await import('./redis-stat.js')).runStat(o, io, target);
  if (o.scan) return (await import('./redis-scan.js')).runScan(o, io, target);
  if (o.command.length === 0) return (await import('./redis-repl.js')).runInteractive(o, io, target);
  return runCommand(o, io, target);
}

async function runCommand(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const command: Array<string | Buffer> = [...o.command];
  if (o.stdinLastArg) command.push(await readAllStdin(io.stdin));
  const printer = new ReplyPrinter(io, outputStyle(o, io), o);
  const client = await connectRedis(o, io, target);
  try {
    if (isStreamingCommand(command)) return await runStream(client, command, printer, io);
    // A first reply must come within the connect deadline unless the command may block by design:
    // a server that accepts and stays silent is not Redis, and must not hang a script.
    const blocking = isBlockingCommand(command);
    if (o.commandTimeout === 0 && !blocking) client.setCommandTimeout(o.timeout * 1000);
    const times = o.repeat ?? 1;
    for (let i = 0; times < 0 || i < times; i++) {
      const { value, attributes } = await sendWithAttributes(client, command);
      if (i === 0) client.setCommandTimeout(o.commandTimeout * 1000);
      if (!printer.print(value, attributes)) await new Promise((resolve) => io.stdout.once('drain', resolve));
      if (o.interval > 0 && (times < 0 || i + 1 < times)) {
        if (await untilInterrupted(o.interval * 1000)) break;
      }
    }
  } finally {
    await client.close();
  }
  return printer.errors > 0 && o.errorExit ? ExitCode.negative : ExitCode.ok;
}

/** SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, MONITOR: print every message until Ctrl-C or the server closes. */
async function runStream(client: RedisClient, command: Array<string | Buffer>, printer: ReplyPrinter, io: Io): Promise<number> {
  const name = String(command[0]).toLowerCase();
  if (printer.style === 'tty' && name !== 'monitor') io.stdout.write('Reading messages... (press Ctrl-C to quit)\n');
  const stop = (): void => void client.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let first = true;
  let refused = false;
  try {
    await streamPrinted(client, command, io.stdout, (value, attributes) => {
      const written = printer.printEvent(value, attributes);
      // A refused SUBSCRIBE (wrong arguments, NOPERM) will never stream anything: stop.
      if (first && value instanceof ReplyError) {
        refused = true;
        void client.close();
      }
      first = false;
      return written;
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return refused ? ExitCode.negative : ExitCode.ok;
}
