import { useState } from 'react';
import type { ChatEntry, ChatSnapshot } from '../run/chat-store.js';
import { ChatInput } from './chat-input.js';
import { ink } from './chat-ink.js';

export interface ChatViewProps {
  snapshot: ChatSnapshot;
  rows: number;
  columns: number;
  onSubmit: (text: string) => void;
  onQuit: () => void;
}

const NAME_COLORS = ['cyan', 'green', 'yellow', 'magenta', 'blue', 'red'] as const;

function colorOf(name: string): (typeof NAME_COLORS)[number] {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return NAME_COLORS[h % NAME_COLORS.length]!;
}

const two = (n: number): string => String(n).padStart(2, '0');
export const clock = (d: Date): string => `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;

function Entry({ entry }: { entry: ChatEntry }) {
  const { Text } = ink();
  const time = <Text dimColor>{clock(entry.at)} </Text>;
  switch (entry.kind) {
    case 'message':
    case 'own':
      return (
        <Text wrap="wrap">
          {time}
          <Text color={colorOf(entry.from ?? '')} bold={entry.kind === 'own'}>{`<${entry.from ?? '?'}>`}</Text> {entry.text}
        </Text>
      );
    case 'action':
    case 'own-action':
      return (
        <Text wrap="wrap">
          {time}
          <Text color="magenta">* {entry.from} {entry.text}</Text>
        </Text>
      );
    case 'notice':
      return (
        <Text wrap="wrap">
          {time}
          <Text color="gray">*** {entry.text}</Text>
        </Text>
      );
    case 'error':
      return (
        <Text wrap="wrap">
          {time}
          <Text color="red">!!! {entry.text}</Text>
        </Text>
      );
    case 'local':
      return (
        <Text wrap="wrap">
          {time}
          <Text dimColor>{entry.text}</Text>
        </Text>
      );
    default:
      return (
        <Text wrap="wrap">
          {time}
          {entry.text}
        </Text>
      );
  }
}

function Roster({ snapshot, height, width }: { snapshot: ChatSnapshot; height: number; width: number }) {
  const { Box, Text } = ink();
  const shown = snapshot.names.slice(0, Math.max(0, height - 3));
  const more = snapshot.total - shown.length;
  return (
    <Box flexDirection="column" width={width} borderStyle="single" borderColor="gray" paddingLeft={1} overflow="hidden">
      <Text bold>Online ({snapshot.total})</Text>
      {shown.map((name) => (
        <Text key={name} wrap="truncate-end" color={colorOf(name)} bold={name === snapshot.self}>
          {name}
          {name === snapshot.self ? ' (you)' : ''}
        </Text>
      ))}
      {more > 0 ? <Text dimColor>+{more} more</Text> : null}
    </Box>
  );
}

/**
 * The chat screen: status bar, message pane with timestamps (PgUp/PgDn
 * scroll), the online list, and the input line.
 */
export function ChatView({ snapshot, rows, columns, onSubmit, onQuit }: ChatViewProps) {
  const { Box, Text } = ink();
  const [scroll, setScroll] = useState(0);
  const paneRows = Math.max(3, rows - 3);
  const rosterWidth = Math.max(14, Math.min(26, Math.floor(columns / 4)));
  const total = snapshot.entries.length;
  const maxScroll = Math.max(0, total - paneRows);
  const offset = Math.min(scroll, maxScroll);
  const shown = snapshot.entries.slice(Math.max(0, total - paneRows - offset), total - offset);
  const who = snapshot.self ? ` · you are ${snapshot.self}` : '';

  const onKey = (_input: string, key: { pageUp: boolean; pageDown: boolean; ctrl: boolean }): void => {
    const step = Math.max(1, Math.floor(paneRows / 2));
    if (key.pageUp) setScroll(Math.min(maxScroll, offset + step));
    else if (key.pageDown) setScroll(Math.max(0, offset - step));
    else onQuit();
  };
  const submit = (text: string): void => {
    if (!snapshot.connected && text.trim() === '') onQuit();
    else {
      setScroll(0);
      onSubmit(text);
    }
  };

  return (
    <Box flexDirection="column" height={rows} width={columns}>
      <Box>
        <Text wrap="truncate-end">
          <Text bold>nettk chat</Text>
          <Text dimColor>
            {' · '}
            {snapshot.server}
            {who}
            {' · '}
          </Text>
          <Text color={snapshot.connected ? 'green' : 'red'} bold={!snapshot.connected}>
            {snapshot.status}
          </Text>
          {offset > 0 ? <Text color="yellow"> · scrolled back {offset} (PgDn)</Text> : null}
        </Text>
      </Box>
      <Box flexGrow={1} height={paneRows}>
        <Box flexDirection="column" flexGrow={1} justifyContent="flex-end" overflow="hidden">
          {shown.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </Box>
        <Roster snapshot={snapshot} height={paneRows} width={rosterWidth} />
      </Box>
      <ChatInput onSubmit={submit} onOtherKey={onKey} disabled={!snapshot.connected} prompt={snapshot.connected ? '> ' : '(disconnected) '} />
    </Box>
  );
}
