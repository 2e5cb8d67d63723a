import type * as InkModule from 'ink';
import { useRef, useState } from 'react';
import type { Io } from '../io.js';
import type { History } from '../run/redis-history.js';
import type { LineResult } from '../run/redis-repl-session.js';

/** What the view needs from a session (ReplSession; tests may pass their own). */
export interface ReplBackend {
  readonly prompt: string;
  run(line: string): Promise<LineResult>;
}

interface Entry {
  id: number;
  text: string;
}

/**
 * ink is ESM with top-level await: the CLI's CommonJS bundle can import() it
 * but not require() it (a static import would become one), so the view gets
 * the module from its runner.
 */
export type Ink = typeof InkModule;

export interface RedisReplProps {
  ink: Ink;
  session: ReplBackend;
  history: Pick<History, 'entries' | 'add'>;
  /** Terminal control for `clear` (the real stdout in the CLI). */
  clearScreen?: () => void;
}

const CLEAR = '\x1b[H\x1b[2J';

/**
 * The redis-cli style REPL: `127.0.0.1:6379>` prompt with db and (TX)
 * state, line editing (←/→, Home/End via Ctrl-A/Ctrl-E, Ctrl-U), history on
 * ↑/↓, Ctrl-D on an empty line or Ctrl-C to leave. Finished lines and their
 * output go to <Static> so the terminal's own scrollback holds them.
 */
export function RedisRepl({ ink, session, history, clearScreen }: RedisReplProps) {
  const { Box, Static, Text, useApp, useInput } = ink;
  const { exit } = useApp();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [input, setInput] = useState('');
  const [cursor, setCursor] = useState(0);
  const [busy, setBusy] = useState(false);
  const [prompt, setPrompt] = useState(session.prompt);
  const browsing = useRef<number | null>(null);
  const nextId = useRef(0);

  // The line lives in refs too: two input events can arrive before React re-renders,
  // and the second must see what the first typed.
  const line = useRef({ text: '', cursor: 0 });
  const edit = (text: string, at: number): void => {
    const cursorAt = Math.max(0, Math.min(text.length, at));
    line.current = { text, cursor: cursorAt };
    setInput(text);
    setCursor(cursorAt);
  };
  const append = (text: string): void => {
    if (text === '') return;
    setEntries((old) => [...old, { id: nextId.current++, text: text.replace(/\n$/, '') }]);
  };
  // Lines run one at a time, in order: typed while a reply is awaited, or pasted several at once.
  const queue = useRef<string[]>([]);
  const running = useRef(false);
  const pump = (): void => {
    if (running.current) return;
    const line = queue.current.shift();
    if (line === undefined) return setBusy(false);
    append(session.prompt + line);
    if (line.trim() === '') return pump();
    history.add(line);
    running.current = true;
    setBusy(true);
    const done = (output: string, quit: boolean): void => {
      if (output === CLEAR) clearScreen?.();
      else append(output);
      running.current = false;
      setPrompt(session.prompt);
      if (quit) {
        queue.current = [];
        return exit();
      }
      pump();
    };
    void session.run(line).then(
      (result) => done(result.output, result.quit),
      (error: unknown) => done(`Error: ${error instanceof Error ? error.message : String(error)}`, false),
    );
  };
  const submit = (lines: string[]): void => {
    browsing.current = null;
    queue.current.push(...lines);
    pump();
  };
  const browse = (step: -1 | 1): void => {
    const list = history.entries;
    if (list.length === 0) return;
    const at = browsing.current ?? list.length;
    const next = Math.max(0, Math.min(list.length, at + step));
    browsing.current = next === list.length ? null : next;
    const text = next === list.length ? '' : list[next]!;
    edit(text, text.length);
  };

  useInput((ch, key) => {
    const { text: input, cursor } = line.current;
    if (key.ctrl && ch === 'c') return exit();
    if (key.ctrl && ch === 'd') return input === '' ? exit() : edit(input.slice(0, cursor) + input.slice(cursor + 1), cursor);
    if (key.return) {
      edit('', 0);
      return submit([input]);
    }
    if (key.backspace || key.delete) return cursor > 0 ? edit(input.slice(0, cursor - 1) + input.slice(cursor), cursor - 1) : undefined;
    if (key.leftArrow) return edit(input, cursor - 1);
    if (key.rightArrow) return edit(input, cursor + 1);
    if (key.upArrow) return browse(-1);
    if (key.downArrow) return browse(1);
    if (key.ctrl && ch === 'a') return edit(input, 0);
    if (key.ctrl && ch === 'e') return edit(input, input.length);
    if (key.ctrl && ch === 'u') return edit(input.slice(cursor), 0);
    if (!ch || key.ctrl || key.meta || key.escape || key.tab) return;
    const text = input.slice(0, cursor) + ch + input.slice(cursor);
    // A paste (or fast typing) can hold whole lines: run them, keep the unfinished rest.
    if (/[\r\n]/.test(ch)) {
      const lines = text.split(/\r\n|\r|\n/);
      const rest = lines.pop()!;
      edit(rest, rest.length);
      return submit(lines);
    }
    edit(text, cursor + ch.length);
  });

  const at = input[cursor] ?? ' ';
  return (
    <>
      <Static items={entries}>{(entry) => <Text key={entry.id}>{entry.text}</Text>}</Static>
      <Box>
        <Text>
          {prompt}
          {input.slice(0, cursor)}
          <Text inverse>{busy ? ' ' : at}</Text>
          {input.slice(cursor + 1)}
        </Text>
      </Box>
    </>
  );
}

/** ink itself, imported on demand (it is ESM with top-level await: never require()d). */
export function loadInk(): Promise<Ink> {
  return import('ink');
}

/** Run the REPL on the terminal until quit, Ctrl-D or Ctrl-C; resolves once ink restored the terminal. */
export async function runRedisRepl(ink: Ink, session: ReplBackend, history: Pick<History, 'entries' | 'add'>, io: Io): Promise<void> {
  const app = ink.render(<RedisRepl ink={ink} session={session} history={history} clearScreen={() => io.stdout.write('\x1b[2J\x1b[3J\x1b[H')} />, {
    stdout: io.stdout,
    stdin: io.stdin,
    exitOnCtrlC: false,
  });
  await app.waitUntilExit();
}
