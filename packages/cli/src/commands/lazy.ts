import { createIo, type GlobalArgs, type Io } from '../io.js';

export type Runner<A> = (args: A, io: Io) => Promise<number | void>;

/** Exit code set by the last handler; main() reads it. */
export const outcome = { exitCode: 0 };

/**
 * A yargs handler that imports its runner only when the command runs, so
 * `nettk --help` and other commands never load it (DESIGN.md convention 5).
 */
export function lazy<A extends GlobalArgs>(load: () => Promise<Runner<A>>): (args: A) => Promise<void> {
  return async (args) => {
    const run = await load();
    const code = await run(args, createIo(args));
    outcome.exitCode = typeof code === 'number' ? code : 0;
  };
}
