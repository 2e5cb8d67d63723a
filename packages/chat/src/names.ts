/** Longest name accepted, in characters (all ASCII, so also bytes). */
export const MAX_NAME_LENGTH = 24;

/**
 * ASCII only, so that look-alike letters from other scripts (Cyrillic "а" for
 * Latin "a") cannot make one user's name read as another's.
 */
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Names assigned by the server to new connections; nobody may pick one. */
const DEFAULT_NAME = /^user\d+$/i;

/** Names that would read as the server or its operators speaking. */
const RESERVED = new Set([
  'server',
  'announce',
  'system',
  'nettk',
  'chat',
  'admin',
  'administrator',
  'root',
  'operator',
  'sysop',
  'moderator',
  'mod',
  'everyone',
  'all',
  'here',
  'nobody',
  'you',
]);

/**
 * Why `name` cannot be chosen with /nick, or undefined when it is acceptable
 * in itself (whether it is free is the registry's question).
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > MAX_NAME_LENGTH) return `longer than ${MAX_NAME_LENGTH} characters`;
  if (!NAME_PATTERN.test(name)) return 'use a letter first, then letters, digits, "_", "-" or "."';
  if (DEFAULT_NAME.test(name)) return 'names of the form userN are assigned by the server';
  if (RESERVED.has(name.toLowerCase())) return 'reserved: it would look like the server speaking';
  return undefined;
}

/**
 * Who holds which name. Names are unique without regard to case ("Alice" and
 * "alice" would be the same person to a reader).
 */
export class NameRegistry<T> {
  private readonly byKey = new Map<string, { name: string; owner: T }>();
  private next = 1;

  /** The lowest free `userN` at or after the last one handed out, wrapping to 1 past 10^9. */
  assign(owner: T): string {
    for (;;) {
      const name = `user${this.next}`;
      this.next = this.next >= 1e9 ? 1 : this.next + 1;
      if (!this.byKey.has(name)) {
        this.byKey.set(name, { name, owner });
        return name;
      }
    }
  }

  /** Give `owner` the name `to` in place of `from`; returns why not, or undefined when done. */
  rename(owner: T, from: string, to: string): string | undefined {
    const problem = nameProblem(to);
    if (problem) return problem;
    const holder = this.byKey.get(to.toLowerCase());
    if (holder && holder.owner !== owner) return `"${holder.name}" is online`;
    this.byKey.delete(from.toLowerCase());
    this.byKey.set(to.toLowerCase(), { name: to, owner });
    return undefined;
  }

  release(name: string): void {
    this.byKey.delete(name.toLowerCase());
  }

  get size(): number {
    return this.byKey.size;
  }
}
