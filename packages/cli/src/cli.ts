import { main } from './main.js';

/**
 * What bin/nettk.js runs. A reader that went away (`nettk ... | head`) is not
 * an error worth a stack trace: stop quietly, as tools killed by SIGPIPE do.
 * Only the exit code is set; the process ends when its last handle closes.
 */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
  process.exitCode = await main(argv);
}

/**
 * The shell's @nettk/core, handed by bin/nettk.js to the runner bundles
 * (packages/cli/build.mjs) so that one copy of it, and of its error classes,
 * exists per process.
 */
export * as core from '@nettk/core';
