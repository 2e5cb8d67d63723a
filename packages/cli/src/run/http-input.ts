import { readFileSync } from 'node:fs';
import { LimitError, UsageError, errnoOf } from '@nettk/core';
import type { Io } from '../io.js';

/** Largest request body read from a file or stdin into memory. */
const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

/** Reads request input once: stdin can be read only one time, so `@-` used twice gets the same bytes. */
export class InputReader {
  private stdin: Buffer | undefined;
  constructor(private readonly io: Io) {}

  /** A file's bytes (`-` = stdin); a missing or unreadable file is a usage error (exit 2). */
  async file(path: string): Promise<Buffer> {
    if (path === '-') return this.readStdin();
    try {
      const data = readFileSync(path);
      if (data.length > MAX_INPUT_BYTES) throw new LimitError(`file "${path}" is larger than ${MAX_INPUT_BYTES} bytes`);
      return data;
    } catch (error) {
      if (error instanceof LimitError) throw error;
      const code = errnoOf(error);
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? String(error));
      throw new UsageError(`cannot read file "${path}": ${why}`, { cause: error });
    }
  }

  /** All of stdin; refuses a terminal, where nothing would end the input. */
  async readStdin(): Promise<Buffer> {
    if (this.stdin) return this.stdin;
    const stdin = this.io.stdin;
    if (stdin.isTTY) throw new UsageError('stdin is a terminal: give the data as an argument or pipe it in');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) throw new LimitError(`stdin is larger than ${MAX_INPUT_BYTES} bytes`);
      chunks.push(chunk);
    }
    this.stdin = Buffer.concat(chunks, size);
    return this.stdin;
  }
}
