import type { Io } from './io.js';

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const NONE: Spinner = { update: () => {}, stop: () => {} };

/**
 * An ora spinner on stderr when it is a terminal; nothing otherwise. ora is
 * imported here, on first use, so commands that never spin never load it.
 */
export async function startSpinner(io: Io, text: string): Promise<Spinner> {
  // A pty without a size (columns 0, as under `script`) makes ora clear an endless number of lines.
  if (!io.interactive || io.mode !== 'human' || !(io.stderr.columns > 0)) return NONE;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr, discardStdin: false }).start();
  return {
    update: (t) => {
      spinner.text = t;
    },
    stop: () => {
      spinner.stop();
    },
  };
}
