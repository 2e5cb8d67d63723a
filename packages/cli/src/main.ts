import yargs from 'yargs';
import { UsageError } from '@nettk/core';
import { commands } from './commands/index.js';
import { outcome } from './commands/lazy.js';
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
  let parser = yargs(argv)
    .scriptName('nettk')
    .usage('nettk <command> [options]\n\nNetwork diagnostics: probe ports, speak raw HTTP and Redis, chat, and explain the kernel.')
    .option('json', { type: 'boolean', describe: 'Print one JSON document' })
    .option('ndjson', { type: 'boolean', describe: 'Print one JSON object per line as results arrive (streaming commands)' })
    .option('color', { type: 'boolean', describe: 'Colour output (--no-color turns it off; NO_COLOR is honoured)' })
    .option('debug', { type: 'boolean', describe: 'Show stack traces and debug detail on errors' })
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
  for (const command of commands) parser = parser.command(command as never);
  outcome.exitCode = 0;
  try {
    await parser.parseAsync();
    return outcome.exitCode;
  } catch (error) {
    return reportError(error, process.stderr, debug);
  }
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
