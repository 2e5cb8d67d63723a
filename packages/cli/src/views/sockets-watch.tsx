import type * as InkModule from 'ink';
import { useEffect, useState } from 'react';
import type { Io } from '../io.js';

export interface SocketsWatchProps {
  /**
   * ink itself: it is ESM with top-level await, so the CLI's CommonJS bundle
   * must import() it (a static import would become a require()).
   */
  ink: typeof InkModule;
  /** Renders one frame given the rows the terminal has. */
  frame: (rows: number) => Promise<string[]>;
  intervalMs: number;
  count: number | undefined;
}

export function SocketsWatch({ ink, frame, intervalMs, count }: SocketsWatchProps) {
  const { Box, Text, useApp, useInput, useStdout } = ink;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [lines, setLines] = useState<string[]>(['loading…']);
  const [error, setError] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  useInput((input, key) => {
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) exit();
  });
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    let done = 0;
    let live = true;
    // The next refresh is scheduled after this one ends: a slow host never stacks reads.
    const tick = async (): Promise<void> => {
      try {
        const next = await frame((stdout.rows ?? 24) - 2);
        if (!live) return;
        setLines(next);
        setError(null);
      } catch (e) {
        if (live) setError(e instanceof Error ? e.message : String(e));
      }
      done++;
      if (!live) return;
      // Exit from an effect after the last frame is on screen, not before it renders.
      if (count !== undefined && done >= count) setFinished(true);
      else timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [frame, intervalMs, count, stdout]);
  useEffect(() => {
    if (finished) exit();
  }, [finished, exit]);
  return (
    <Box flexDirection="column">
      <Text dimColor>{`nettk sockets — every ${intervalMs / 1000} s — q to quit`}</Text>
      {error ? <Text color="red">{error}</Text> : null}
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}

/** Mounts the live view and resolves when the user quits or --count refreshes are done. */
export async function showSocketsWatch(options: Omit<SocketsWatchProps, 'ink'> & { io: Io }): Promise<void> {
  const { io, ...props } = options;
  const ink = await import('ink');
  const app = ink.render(<SocketsWatch ink={ink} {...props} />, { stdout: io.stdout, stdin: io.stdin, exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
}
