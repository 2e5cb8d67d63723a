import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { splitArgs } from '@nettk/redis';
import { isSensitiveCommand } from './redis-commands.js';

const MAX_ENTRIES = 1000;

/**
 * REPL history in ~/.nettk_redis_history (NETTK_REDIS_HISTFILE overrides;
 * empty or /dev/null turns the file off), mode 0600. Lines that carry
 * passwords (AUTH, HELLO ... AUTH, ACL SETUSER, CONFIG SET requirepass) are
 * kept neither in memory nor on disk.
 */
export class History {
  readonly entries: string[] = [];
  constructor(private readonly path: string | undefined) {
    if (!path) return;
    try {
      const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
      this.entries.push(...lines.slice(-MAX_ENTRIES));
    } catch {
      // no history yet
    }
  }

  static fromEnv(env: NodeJS.ProcessEnv): History {
    const configured = env.NETTK_REDIS_HISTFILE;
    if (configured !== undefined) return new History(configured === '' || configured === '/dev/null' ? undefined : configured);
    return new History(join(homedir(), '.nettk_redis_history'));
  }

  /** Record a line; false when it must not be remembered anywhere (it carries a password, or is empty). */
  add(line: string): boolean {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.includes('\n')) return false;
    let args = splitArgs(trimmed);
    if (args === null) return true;
    if (args.length > 1 && /^\d+$/.test(args[0]!.toString())) args = args.slice(1);
    if (isSensitiveCommand(args)) return false;
    if (this.entries[this.entries.length - 1] === trimmed) return true;
    this.entries.push(trimmed);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    if (!this.path) return true;
    try {
      appendFileSync(this.path, trimmed + '\n', { mode: 0o600 });
    } catch {
      // A read-only home must not break the REPL.
    }
    return true;
  }
}
