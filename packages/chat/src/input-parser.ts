import { LineSplitter, type SplitItem } from '@nettk/core';
import { sanitizeLine } from './sanitize.js';

/** What one line from a client asks the server to do. */
export type ChatInput =
  | { type: 'say'; text: Buffer }
  | { type: 'me'; text: Buffer }
  | { type: 'nick'; name: string }
  | { type: 'who' }
  | { type: 'quit'; message: string }
  | { type: 'help' }
  | { type: 'usage'; usage: string }
  | { type: 'unknown'; command: string }
  | { type: 'overlong'; bytes: number };

const SLASH = 0x2f;
const COMMAND = /^\/([A-Za-z]+)(?:[ ]+(.*))?$/s;

/**
 * Turns a client's byte stream into chat inputs: whole lines only (CRLF or
 * LF; a partial line waits for its newline), overlong lines reported instead
 * of relayed, text made terminal-safe, /commands recognised. Never touches a
 * socket; the server feeds it with push().
 */
export class ChatInputParser {
  private readonly splitter: LineSplitter;

  constructor(readonly maxLineBytes: number) {
    this.splitter = new LineSplitter({ maxLineBytes });
  }

  push(chunk: Buffer): ChatInput[] {
    const out: ChatInput[] = [];
    for (const item of this.splitter.push(chunk)) this.interpret(item, out);
    return out;
  }

  /**
   * The peer closed its side: a final line without a newline was still
   * finished by its sender (`printf hi | nc host port`), so it counts.
   */
  end(): ChatInput[] {
    const out: ChatInput[] = [];
    for (const item of this.splitter.flush()) this.interpret(item, out);
    return out;
  }

  /** Bytes of an unfinished line held now (at most maxLineBytes + 1). */
  get pendingBytes(): number {
    return this.splitter.pendingBytes;
  }

  private interpret(item: SplitItem, out: ChatInput[]): void {
    if (item.type === 'overlong') {
      out.push({ type: 'overlong', bytes: item.bytes });
      return;
    }
    const text = trimEnd(sanitizeLine(item.line));
    if (text.length === 0) return;
    if (text[0] !== SLASH) {
      out.push({ type: 'say', text });
      return;
    }
    if (text.length > 1 && text[1] === SLASH) {
      out.push({ type: 'say', text: text.subarray(1) });
      return;
    }
    const input = parseCommand(text.toString('utf8'));
    if (input) out.push(input);
    else out.push({ type: 'say', text });
  }
}

/** A /command line, or undefined when the line is text that merely starts with "/" (a path, a smiley). */
export function parseCommand(line: string): ChatInput | undefined {
  const m = COMMAND.exec(line);
  if (!m) return undefined;
  const command = m[1]!.toLowerCase();
  const arg = (m[2] ?? '').trim();
  switch (command) {
    case 'nick':
    case 'name':
      return arg === '' ? { type: 'usage', usage: '/nick NAME' } : { type: 'nick', name: arg };
    case 'who':
    case 'names':
    case 'list':
      return { type: 'who' };
    case 'me':
      return arg === '' ? { type: 'usage', usage: '/me ACTION' } : { type: 'me', text: Buffer.from(arg, 'utf8') };
    case 'quit':
    case 'exit':
    case 'part':
      return { type: 'quit', message: arg };
    case 'help':
      return { type: 'help' };
    default:
      return { type: 'unknown', command };
  }
}

function trimEnd(text: Buffer): Buffer {
  let end = text.length;
  while (end > 0 && text[end - 1] === 0x20) end--;
  return end === text.length ? text : text.subarray(0, end);
}
