import { ExitCode, NettkError, exitCodeFor, oneLineMessage } from '@nettk/core';

/**
 * The only place where errors become exit codes and one-line messages
 * (a stack only with --debug).
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, debug: boolean): number {
  const code = exitCodeFor(error);
  if (error instanceof NettkError && error.code === 'NETTK_ERR_NEGATIVE') {
    if (error.message) stderr.write(`nettk: ${error.message}\n`);
    return ExitCode.negative;
  }
  if (debug && error instanceof Error) {
    stderr.write(`${error.stack ?? error.message}\n`);
    let cause = error.cause;
    while (cause instanceof Error) {
      stderr.write(`caused by: ${cause.stack ?? cause.message}\n`);
      cause = cause.cause;
    }
  } else {
    stderr.write(`nettk: ${oneLineMessage(error)}${code === ExitCode.usage ? ' (see nettk --help)' : ''}\n`);
  }
  return code;
}
