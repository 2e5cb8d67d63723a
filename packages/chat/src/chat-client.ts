import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { dial } from '@nettk/core';
import { Roster } from './roster.js';
import { ServerLineParser, type ChatLine } from './server-lines.js';

export interface ChatClientOptions {
  host: string;
  port: number;
  /** Connect deadline in ms (default 10 s). */
  timeoutMs?: number;
  family?: 0 | 4 | 6;
  /** Ask a nettk server for this name once it has welcomed us. */
  nick?: string;
  /** How long to wait for a nettk welcome before sending anyway (default 1500 ms; only with `nick`). */
  welcomeWaitMs?: number;
  /** Longest line accepted from the server (default 1 MiB). */
  maxLineBytes?: number;
  signal?: AbortSignal;
}

export interface ChatCloseInfo {
  /** The socket error, when the connection failed rather than closed. */
  error: Error | undefined;
  /** The server closed the connection (rather than us). */
  byPeer: boolean;
}

export type ChatClientEventMap = {
  line: [ChatLine];
  /** Our sends are held until then (see `ready`). */
  ready: [];
  close: [ChatCloseInfo];
};

/**
 * A chat connection that speaks the nc line protocol, so it works against
 * `nettk chat serve`, `ncat --chat` and `nc -l`. Received lines arrive as
 * parsed `line` events; the roster follows joins, leaves and renames.
 */
export class ChatClient extends EventEmitter<ChatClientEventMap> {
  readonly roster = new Roster();
  private readonly parser: ServerLineParser;
  private held: Buffer[] | undefined;
  private nickPending: string | undefined;
  private welcomeTimer: NodeJS.Timeout | undefined;
  private closedByUs = false;
  private error: Error | undefined;
  private closed = false;

  constructor(
    readonly socket: Socket,
    options: Pick<ChatClientOptions, 'nick' | 'welcomeWaitMs' | 'maxLineBytes'> = {},
  ) {
    super();
    this.parser = new ServerLineParser(options.maxLineBytes);
    if (options.nick !== undefined) {
      // Our first lines must go out under the chosen name: hold them until the server answered /nick.
      this.held = [];
      this.nickPending = options.nick;
      this.welcomeTimer = setTimeout(() => this.release(), options.welcomeWaitMs ?? 1500);
    }
    socket.on('data', (chunk: Buffer) => this.receive(this.parser.push(chunk)));
    socket.on('end', () => this.receive(this.parser.end()));
    socket.on('error', (error) => {
      this.error = error;
    });
    socket.on('close', () => {
      this.closed = true;
      this.release();
      this.emit('close', { error: this.error, byPeer: !this.closedByUs });
    });
  }

  /** Our name as the server knows it, when the server said so. */
  get name(): string | undefined {
    return this.roster.self;
  }

  /** False while lines are held for a pending --nick. */
  get isReady(): boolean {
    return this.held === undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Send one line (text without its newline; embedded newlines make several lines). */
  send(text: string): boolean {
    return this.write(Buffer.from(text.replace(/\r?\n$/, '') + '\n', 'utf8'));
  }

  /** Send bytes as they are (plain mode forwards stdin this way). Returns write()'s backpressure answer. */
  write(bytes: Buffer): boolean {
    if (this.closed) return false;
    if (this.held) {
      this.held.push(bytes);
      return true;
    }
    return this.socket.write(bytes);
  }

  /** Half-close after everything sent so far (the server sees end of input). */
  end(): void {
    if (this.held) this.held.push(Buffer.alloc(0));
    else if (!this.socket.destroyed) this.socket.end();
  }

  /** Close now. */
  close(): void {
    this.closedByUs = true;
    this.socket.destroy();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  private receive(lines: ChatLine[]): void {
    for (const line of lines) {
      this.roster.apply(line);
      this.emit('line', line);
      if (this.held) this.nickProgress(line);
    }
  }

  /** --nick: a nettk server welcomes first; anything else (ncat, nc -l) would relay "/nick" as text. */
  private nickProgress(line: ChatLine): void {
    if (this.nickPending !== undefined) {
      if (line.kind === 'notice' && line.event?.type === 'welcome') {
        this.socket.write(`/nick ${this.nickPending}\n`);
        this.nickPending = undefined;
      } else {
        this.release();
      }
    } else if (line.kind === 'notice' && (line.event?.type === 'you-are' || line.text.startsWith('name "'))) {
      this.release();
    }
  }

  private release(): void {
    if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
    this.welcomeTimer = undefined;
    this.nickPending = undefined;
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    for (const bytes of held) {
      if (this.socket.destroyed) break;
      if (bytes.length === 0) this.socket.end();
      else this.socket.write(bytes);
    }
    this.emit('ready');
  }
}

/** Dial with core's deadline and self-connect guard, then speak chat. */
export async function connectChat(options: ChatClientOptions): Promise<ChatClient> {
  const result = await dial({
    host: options.host,
    port: options.port,
    timeoutMs: options.timeoutMs ?? 10_000,
    family: options.family ?? 0,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const socket = result.socket as Socket;
  socket.setNoDelay(true);
  return new ChatClient(socket, options);
}
