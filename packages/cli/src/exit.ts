import { ExitCode, NettkError, exitCodeFor, oneLineMessage, visible } from '@nettk/core';

/**
 * The only place where errors become exit codes and one-line messages
 * (a stack only with --debug). Messages may quote what a peer sent (a
 * header, an error reply): they are escaped before they reach the terminal.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, debug: boolean): number {
  const code = exitCodeFor(error);
  if (error instanceof NettkError && error.code === 'NETTK_ERR_NEGATIVE') {
    if (error.message) stderr.write(`nettk: ${visible(error.message, { keepNewlines: false })}\n`);
    return ExitCode.negative;
  }
  if (debug && error instanceof Error) {
    stderr.write(`${visible(error.stack ?? error.message)}\n`);
    let cause = error.cause;
    while (cause instanceof Error) {
      stderr.write(`caused by: ${visible(cause.stack ?? cause.message)}\n`);
      cause = cause.cause;
    }
  } else {
    stderr.write(`nettk: ${visible(oneLineMessage(error), { keepNewlines: false })}${code === ExitCode.usage ? ' (see nettk --help)' : ''}\n`);
  }
  return code;
}
