import type { Argv } from 'yargs';
import { UsageError } from '@nettk/core';
import { fastArgs, type FastCommand, type FastTable } from './commands/fast-args.js';
import { HTTP_OPTIONS, httpCommand } from './commands/http.js';
import { commands } from './commands/index.js';
import { outcome } from './commands/lazy.js';
import { redisCommand, type RedisCliArgs } from './commands/redis.js';
import { reportError } from './exit.js';
import { VERSION } from './version.js';

/**
 * The CLI entry: parses argv with yargs, runs one command, and maps whatever
 * it throws to an exit code and a one-line message. It never calls
 * process.exit(): the process ends when nothing is left open, which is how
 * the tests prove that no socket or timer leaks.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const debug = argv.includes('--debug');
  outcome.exitCode = 0;
  try {
    const direct = directRun(argv);
    if (direct) await direct();
    else await (await buildParser(argv)).parseAsync();
    return outcome.exitCode;
  } catch (error) {
    return reportError(error, process.stderr, debug);
  }
}

/** The yargs parser of the whole CLI over these commands (tests pass their own handlers). */
export async function buildParser(argv: string[], list: typeof commands = commands): Promise<Argv> {
  // yargs is initialised only here: `nettk redis` never needs it.
  const { default: yargs } = await import('yargs');
  let parser = yargs(argv)
    .scriptName('nettk')
    .usage('nettk <command> [options]\n\nNetwork diagnostics: probe ports, speak raw HTTP and Redis, chat, and explain the kernel.')
    .options(GLOBAL_OPTIONS)
    .conflicts('json', 'ndjson')
    .demandCommand(1, 'Name a command: nettk <command> --help')
    .recommendCommands()
    .strict()
    .completion('completion', 'Print a bash/zsh completion script (nettk completion >> ~/.bashrc)')
    .version(VERSION)
    .alias('help', 'h')
    .alias('version', 'V')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .epilog('Exit codes: 0 success, 1 negative answer (closed port, error reply, failed check), 2 usage error, 3 network/runtime error.')
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    // yargs turns `--timeout abc` into NaN and lets it through: name the flag instead.
    .middleware(rejectNaN, true);
  for (const command of list) parser = parser.command(command as never);
  return parser;
}

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', describe: 'Print one JSON document' },
  ndjson: { type: 'boolean', describe: 'Print one JSON object per line as results arrive (streaming commands)' },
  color: { type: 'boolean', describe: 'Colour output (--no-color turns it off; NO_COLOR is honoured)' },
  debug: { type: 'boolean', describe: 'Show stack traces and debug detail on errors' },
} as const satisfies FastTable;

export const HTTP_LINE: FastCommand = { name: 'http', positional: 'args', options: HTTP_OPTIONS, conflicts: [['4', '6'], ['json', 'ndjson']] };

/** A line that needs no yargs: its command's handler, called with the args yargs would have given it. */
export function directRun(argv: readonly string[]): (() => Promise<void>) | undefined {
  const call = (handler: unknown, args: unknown) => () => (handler as (a: unknown) => Promise<void>)(args);
  const redis = directArgs(argv);
  if (redis) return call(redisCommand.handler, redis);
  const http = fastArgs(HTTP_LINE, GLOBAL_OPTIONS, argv);
  return http ? call(httpCommand.handler, http) : undefined;
}

/**
 * `nettk redis ...` parses its own argv, as redis-cli does (every option,
 * --json and --help included, by run/redis-args.ts; yargs only hands it the
 * words): when it is the first word, the words go straight to it, and
 * yargs is never loaded (~5 ms of a one-shot `nettk redis ping`). The options
 * come out the same as through yargs (main.test.ts); a line with `--`, where
 * yargs moves words around, still goes through yargs.
 */
export function directArgs(argv: readonly string[]): RedisCliArgs | undefined {
  if (argv[0] !== 'redis' || argv.includes('--')) return undefined;
  return { _: [...argv], $0: 'nettk' } as RedisCliArgs;
}

/** A number option given something that is not a number: a usage error naming the flag. */
function rejectNaN(argv: Record<string, unknown>): void {
  let flag: string | undefined;
  for (const [key, value] of Object.entries(argv)) {
    const bad = typeof value === 'number' ? Number.isNaN(value) : Array.isArray(value) && value.some((v) => typeof v === 'number' && Number.isNaN(v));
    // yargs keeps each value under every alias and a camelCase copy: name the longest dashed one.
    if (bad && !/[A-Z]/.test(key) && (flag === undefined || key.length > flag.length)) flag = key;
  }
  if (flag !== undefined) throw new UsageError(`bad ${flag.length === 1 ? '-' : '--'}${flag}: not a number`);
}
