import { useRef, useState } from 'react';
import { ink } from './chat-ink.js';

export interface ChatInputProps {
  onSubmit: (text: string) => void;
  /** Keys the input does not use (PgUp/PgDn, Ctrl-C) go to the parent. */
  onOtherKey?: (input: string, key: { pageUp: boolean; pageDown: boolean; ctrl: boolean }) => void;
  disabled?: boolean;
  prompt?: string;
}

// eslint-disable-next-line no-control-regex
const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, '');

/** Typed lines the user sent, for Up/Down recall. */
const HISTORY_MAX = 100;

/**
 * A one-line editor: printable input, Backspace/Delete, Left/Right/Home/End,
 * Ctrl-A/E/U/W, Up/Down history, Enter submits. Pasted text arrives as one
 * string: each line in it is sent as one message, the last stays in the input.
 */
export function ChatInput({ onSubmit, onOtherKey, disabled = false, prompt = '> ' }: ChatInputProps) {
  const { Box, Text, useInput } = ink();
  // The edit state lives in a ref so that keys arriving faster than renders see each other's effect.
  const edit = useRef({ value: '', cursor: 0 });
  const [, rerender] = useState(0);
  const setState = (next: { value: string; cursor: number }): void => {
    edit.current = next;
    rerender((n) => n + 1);
  };
  const history = useRef<string[]>([]);
  const recall = useRef(-1);

  useInput((input, key) => {
    if (key.pageUp || key.pageDown || (key.ctrl && input === 'c')) {
      onOtherKey?.(input, key);
      return;
    }
    const state = edit.current;
    const submit = (text: string): void => {
      if (text.trim() !== '') {
        history.current.push(text);
        if (history.current.length > HISTORY_MAX) history.current.shift();
      }
      recall.current = -1;
      setState({ value: '', cursor: 0 });
      onSubmit(text);
    };
    // Enter arrives as CR, or as LF when the terminal still maps CR to NL.
    if (key.return || input === '\n' || input === '\r') return submit(state.value);
    // Keys typed faster than we read (a busy machine, a paste) arrive as one string: each line break in it is an Enter.
    if (!disabled && /[\r\n]/.test(input) && !key.ctrl && !key.meta) {
      const lines = input.split(/\r\n|\r|\n/).map(clean);
      const last = lines.pop()!;
      lines[0] = state.value.slice(0, state.cursor) + lines[0]! + state.value.slice(state.cursor);
      for (const line of lines) submit(line);
      setState({ value: last, cursor: last.length });
      return;
    }
    if (disabled) return;
    const { value, cursor } = state;
    if (key.upArrow || key.downArrow) {
      const h = history.current;
      if (h.length === 0) return;
      const at = key.upArrow ? (recall.current < 0 ? h.length - 1 : Math.max(0, recall.current - 1)) : recall.current < 0 ? -1 : recall.current + 1;
      recall.current = at >= h.length ? -1 : at;
      const next = recall.current < 0 ? '' : h[recall.current]!;
      setState({ value: next, cursor: next.length });
      return;
    }
    if (key.leftArrow) return setState({ value, cursor: Math.max(0, cursor - 1) });
    if (key.rightArrow) return setState({ value, cursor: Math.min(value.length, cursor + 1) });
    if (key.home || (key.ctrl && input === 'a')) return setState({ value, cursor: 0 });
    if (key.end || (key.ctrl && input === 'e')) return setState({ value, cursor: value.length });
    if (key.ctrl && input === 'u') return setState({ value: value.slice(cursor), cursor: 0 });
    if (key.ctrl && input === 'w') {
      const start = value.slice(0, cursor).replace(/\S+\s*$/, '').length;
      return setState({ value: value.slice(0, start) + value.slice(cursor), cursor: start });
    }
    // Terminals disagree on which code Backspace sends (DEL or BS): both delete backwards.
    if (key.backspace || key.delete) {
      if (cursor === 0) return;
      return setState({ value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 });
    }
    if (key.ctrl || key.meta || key.tab || input === '') return;
    const text = clean(input);
    if (text === '') return;
    setState({ value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length });
  });

  const { value, cursor } = edit.current;
  return (
    <Box>
      <Text color={disabled ? 'gray' : 'cyan'}>{prompt}</Text>
      <Text>{value.slice(0, cursor)}</Text>
      <Text inverse>{cursor < value.length ? value[cursor] : ' '}</Text>
      <Text>{value.slice(cursor + 1)}</Text>
    </Box>
  );
}
