import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { NettkError, UsageError, errnoOf } from '@nettk/core';
import type { Io } from '../io.js';
import { looksBinary, TerminalText } from './http-terminal-text.js';

const BATCH_BYTES = 64 * 1024;
const BATCH_MS = 20;

export interface BodySummary {
  bytes: number;
  /** True when a binary body was counted instead of shown on a terminal. */
  withheld: boolean;
}

/**
 * Where response bytes go: a file (-o), a pipe (bytes exactly, with
 * backpressure), or a terminal (text escaped by visible(), binary summarised).
 */
export class BodySink {
  private file: WriteStream | undefined;
  private fileError: Error | undefined;
  private text: TerminalText | undefined;
  private binary: boolean | undefined;
  private bytes = 0;
  private stdoutError: Error | undefined;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly tty: boolean;

  constructor(
    private readonly io: Io,
    output: string | undefined,
    /** Batch small writes (off when stderr lines must interleave with the body, as with -v). */
    private readonly batching: boolean,
  ) {
    if (output !== undefined && output !== '-') {
      let fd: number;
      try {
        fd = openSync(output, 'w');
      } catch (error) {
        throw new UsageError(`cannot write "${output}": ${errnoOf(error) ?? String(error)}`, { cause: error });
      }
      this.file = createWriteStream(output, { fd });
      this.file.on('error', (err) => {
        this.fileError = err;
      });
    }
    this.tty = this.file === undefined && io.stdout.isTTY === true;
    io.stdout.on('error', (err) => {
      this.stdoutError ??= err;
    });
  }

  /** Start a new body; `contentType` helps decide text vs binary on a terminal. */
  begin(): void {
    this.binary = undefined;
    this.text = this.tty ? new TerminalText() : undefined;
    this.bytes = 0;
  }

  /** Bytes that are not a body (head lines with -i, raw responses): never withheld, escaped on a terminal. */
  writeText(data: Buffer): void | Promise<void> {
    if (this.tty) return this.toStdout(new TerminalText().push(data));
    return this.emit(data);
  }

  write(data: Buffer, contentType: string | undefined): void | Promise<void> {
    this.bytes += data.length;
    if (!this.tty) return this.emit(data);
    this.binary ??= looksBinary(contentType, data);
    if (this.binary) return;
    return this.toStdout(this.text!.push(data));
  }

  /** Finish a body; returns what a summary line needs. */
  end(): BodySummary {
    const rest = this.text?.flush();
    if (rest) void this.toStdout(rest);
    return { bytes: this.bytes, withheld: this.binary === true };
  }

  private toStdout(text: string): void | Promise<void> {
    if (text === '') return;
    return this.emit(Buffer.from(text, 'utf8'));
  }

  private emit(data: Buffer): void | Promise<void> {
    this.check();
    if (this.tty || !this.batching) return this.writeNow(data);
    // Small pieces (a body per keep-alive response) are batched like stdio buffers a pipe:
    // one write per 64 KiB or per 20 ms instead of a system call per response.
    if (this.batchBytes === 0 && data.length >= BATCH_BYTES) return this.writeNow(data);
    this.batch.push(data);
    this.batchBytes += data.length;
    if (this.batchBytes >= BATCH_BYTES) return this.flush();
    this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_MS);
  }

  /** Write out what is batched, e.g. before a line goes to stderr. */
  flush(): void | Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.batchBytes === 0) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    return this.writeNow(data);
  }

  private writeNow(data: Buffer): void | Promise<void> {
    const stream = this.file ?? this.io.stdout;
    if (!stream.write(data)) return once(stream, 'drain').then(() => undefined);
  }

  private check(): void {
    if (this.fileError) throw new UsageError(`cannot write "${this.file!.path.toString()}": ${errnoOf(this.fileError) ?? this.fileError.message}`, { cause: this.fileError });
    if (this.stdoutError) throw new NettkError('NETTK_ERR_RUNTIME', `cannot write to stdout: ${errnoOf(this.stdoutError) ?? this.stdoutError.message}`, { cause: this.stdoutError });
  }

  /** Flush and close the file, if any; reports a write error that happened late. */
  async close(): Promise<void> {
    await this.flush();
    if (this.file) {
      const file = this.file;
      if (!file.closed) await new Promise<void>((resolve) => file.end(resolve));
    }
    this.check();
  }
}
