import { colorEnabled, painter, type OutputMode, type Painter } from '@nettk/core';

/** Everything a runner needs from the process, so tests and programs can supply their own. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  mode: OutputMode;
  /** Colour for stdout / stderr, decided separately (one may be a pipe). */
  out: Painter;
  err: Painter;
  debug: boolean;
  /** Spinners, live views and prompts only when stderr (or stdout) is a terminal. */
  interactive: boolean;
  /** Print to stdout, adding a newline. */
  print(line: string): void;
  /** Print to stderr, adding a newline. */
  note(line: string): void;
}

export interface GlobalArgs {
  json?: boolean | undefined;
  ndjson?: boolean | undefined;
  color?: boolean | undefined;
  debug?: boolean | undefined;
}

export function createIo(args: GlobalArgs, proc: NodeJS.Process = process): Io {
  const mode: OutputMode = args.ndjson ? 'ndjson' : args.json ? 'json' : 'human';
  const stdout = proc.stdout;
  const stderr = proc.stderr;
  return {
    stdout,
    stderr,
    // Lazy: creating process.stdin builds a stream (fs.ReadStream for a file,
    // ~3 ms of module loading) that most commands never read.
    get stdin() {
      return proc.stdin;
    },
    env: proc.env,
    mode,
    out: painter(colorEnabled(stdout, proc.env, args.color)),
    err: painter(colorEnabled(stderr, proc.env, args.color)),
    debug: args.debug === true,
    interactive: stderr.isTTY === true && proc.env.CI === undefined,
    print: (line) => void stdout.write(line + '\n'),
    note: (line) => void stderr.write(line + '\n'),
  };
}
