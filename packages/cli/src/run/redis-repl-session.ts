import { UsageError, formatHostPort, oneLineMessage, parseHost, parsePort } from '@nettk/core';
import { ReplyError, formatTty, splitArgs, type RedisClient } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { connectRedis, type Target } from './redis-connect.js';
import { isStreamingCommand } from './redis-commands.js';
import { commandHelp } from './redis-repl-help.js';
import { sendWithAttributes } from './redis-io.js';

/** What one REPL line produced: text to show, and whether the session should end. */
export interface LineResult {
  output: string;
  quit: boolean;
}

/**
 * The REPL's logic without any terminal: connection, prompt state (db,
 * MULTI), redis-cli's line syntax (`N cmd` repeats, `connect HOST PORT`,
 * `help CMD`, `quit`), and replies formatted as redis-cli formats them.
 * The ink view and the piped-stdin mode both drive it.
 */
export class ReplSession {
  client: RedisClient | undefined;
  target: Target;
  db: number;
  inTransaction = false;
  /** Why the last connect failed (shown instead of the prompt's address). */
  disconnected: string | undefined;

  constructor(
    private readonly o: RedisOptions,
    private readonly io: Io,
    target: Target,
  ) {
    this.target = target;
    this.db = target.db;
  }

  /** redis-cli's prompt: `127.0.0.1:6379[2](TX)> `, or `not connected> `. */
  get prompt(): string {
    if (!this.client || this.client.error) return 'not connected> ';
    const db = this.db !== 0 ? `[${this.db}]` : '';
    return `${formatHostPort(this.target.host, this.target.port)}${db}${this.inTransaction ? '(TX)' : ''}> `;
  }

  async connect(target: Target = this.target): Promise<string> {
    const old = this.client;
    this.client = undefined;
    if (old) await old.close().catch(() => undefined);
    this.target = target;
    this.db = target.db;
    this.inTransaction = false;
    try {
      this.client = await connectRedis(this.o, this.io, target);
      this.disconnected = undefined;
      return '';
    } catch (error) {
      this.disconnected = oneLineMessage(error);
      return `Could not connect to Redis at ${formatHostPort(target.host, target.port)}: ${this.disconnected}\n`;
    }
  }

  /** End the session; a command still waiting (BLPOP 0 when Ctrl-C was pressed) is abandoned. */
  async close(): Promise<void> {
    if (this.client && this.client.pending > 0) this.client.destroy();
    else await this.client?.close().catch(() => undefined);
  }

  /** Run one line; errors of the line itself (bad quotes) come back as output, never thrown. */
  async run(line: string): Promise<LineResult> {
    const args = splitArgs(line);
    if (args === null) return { output: 'Invalid argument(s)\n', quit: false };
    if (args.length === 0) return { output: '', quit: false };
    const first = args[0]!.toString().toLowerCase();
    if (first === 'quit' || first === 'exit') return { output: '', quit: true };
    if (first === 'clear') return { output: '\x1b[H\x1b[2J', quit: false };
    if (first === 'help' || first === '?') return { output: await commandHelp(this.client, args.slice(1).map(String)), quit: false };
    if (first === 'connect') return { output: await this.reconnect(args.slice(1).map(String)), quit: false };
    // redis-cli: a leading number repeats the command (`3 incr k`).
    let times = 1;
    let command = args;
    if (/^\d+$/.test(first) && args.length > 1) {
      times = Number(first);
      command = args.slice(1);
    }
    if (isStreamingCommand(command)) return { output: '(streaming commands are not available in the REPL: run nettk redis SUBSCRIBE ...)\n', quit: false };
    let output = '';
    for (let i = 0; i < times; i++) {
      if (!this.client || this.client.error) {
        const failure = await this.connect();
        if (failure) return { output: output + failure, quit: false };
      }
      try {
        const { value, attributes } = await sendWithAttributes(this.client!, command);
        if (!(value instanceof ReplyError)) this.track(command.map(String));
        if (value instanceof ReplyError && /^(EXEC|DISCARD)$/i.test(String(command[0]))) this.inTransaction = false;
        output += formatTty(value, attributes);
      } catch (error) {
        output += `Error: ${oneLineMessage(error)}\n`;
        break;
      }
    }
    return { output, quit: false };
  }

  /** Prompt state that successful commands change. */
  private track(command: string[]): void {
    const name = command[0]!.toLowerCase();
    if (name === 'select' && !this.inTransaction) this.db = Number(command[1]);
    else if (name === 'multi') this.inTransaction = true;
    else if (name === 'exec' || name === 'discard') this.inTransaction = false;
  }

  private async reconnect(args: string[]): Promise<string> {
    if (args.length < 1 || args.length > 2) return '(error) usage: connect HOST [PORT]\n';
    try {
      const port = args[1] === undefined ? 6379 : parsePort(args[1]);
      return await this.connect({ ...this.target, host: parseHost(args[0]!).host, port, db: 0 });
    } catch (error) {
      if (error instanceof UsageError) return `(error) ${error.message}\n`;
      throw error;
    }
  }
}
