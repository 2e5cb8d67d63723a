import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatStore } from '../run/chat-store.js';
import { ink, loadInk } from './chat-ink.js';
import { ChatView } from './chat-view.js';

export interface ChatAppProps {
  store: ChatStore;
  onQuit: () => void;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  rows?: number;
  columns?: number;
}

function useTerminalSize(fixed: { rows?: number | undefined; columns?: number | undefined }): { rows: number; columns: number } {
  const { stdout } = ink().useStdout();
  const read = () => ({ rows: fixed.rows ?? stdout.rows ?? 24, columns: fixed.columns ?? stdout.columns ?? 80 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return size;
}

/** The live chat UI bound to a store. */
export function ChatApp({ store, onQuit, rows, columns }: ChatAppProps) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const size = useTerminalSize({ rows, columns });
  const submit = (text: string): void => {
    if (store.submit(text) === 'quit') onQuit();
  };
  return <ChatView snapshot={snapshot} rows={size.rows} columns={size.columns} onSubmit={submit} onQuit={onQuit} />;
}

/**
 * Run the UI on the terminal until the user leaves (Ctrl-C, Esc, /quit, or
 * Enter after a disconnect). Resolves once ink has restored the terminal.
 */
export async function runChatApp(store: ChatStore, streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<void> {
  const { render } = await loadInk();
  let quit: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const app = render(<ChatApp store={store} onQuit={() => quit()} />, {
    stdin: streams.stdin,
    stdout: streams.stdout,
    stderr: streams.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await done;
  app.unmount();
  await app.waitUntilExit();
}
