import { isScalar, type Node } from 'yaml';
import { parseDuration } from './durations.js';
import type { NodeReader, Entry } from './node-reader.js';
import { describe, suggest, type AnyNode } from './node-words.js';

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/**
 * Typed access to the fields of one map. Each accessor reports a wrong type
 * at the value's position and returns undefined, so validation goes on and
 * collects the next problem too.
 */
export class FieldReader {
  constructor(
    readonly reader: NodeReader,
    readonly node: Node,
    /** Names the map in messages: `check "web"`, `defaults`. */
    readonly what: string,
    readonly entries: Map<string, Entry>,
    /** Path of this map inside the check (`expect.`), prefixed to key names in messages. */
    readonly prefix = '',
  ) {}

  /** `expect.status`: a key as the user would search for it. */
  label(key: string): string {
    return `${this.prefix}${key}`;
  }

  allow(allowed: readonly string[]): void {
    for (const [key, entry] of this.entries) {
      if (allowed.includes(key)) continue;
      const near = suggest(key, allowed);
      const hint = near ? ` (did you mean "${near}"?)` : ` (expected one of: ${allowed.join(', ')})`;
      this.reader.error(entry.key, `${this.what}: unknown key "${this.label(key)}"${hint}`);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value node (aliases resolved). */
  value(key: string): AnyNode {
    return this.reader.deref(this.entries.get(key)?.value);
  }

  /** The best node to point at for `key`: its value, else its key, else the map. */
  at(key: string): AnyNode {
    const e = this.entries.get(key);
    if (!e) return this.node;
    return e.value?.range ? e.value : e.key;
  }

  error(key: string, message: string): void {
    this.reader.error(this.at(key), `${this.what}: ${this.label(key)}: ${message}`, this.node);
  }

  /** Report a problem with the key itself (not allowed here), at the key. */
  errorAtKey(key: string, message: string): void {
    this.reader.error(this.entries.get(key)?.key, `${this.what}: ${this.label(key)}: ${message}`, this.node);
  }

  /** Report a missing required key at the map; true when present. */
  require(key: string): boolean {
    if (this.has(key)) return true;
    this.reader.error(this.node, `${this.what}: missing required key "${this.label(key)}"`);
    return false;
  }

  private scalar(key: string, required: boolean): { ok: boolean; value: unknown } {
    if (!this.has(key)) {
      if (required) this.require(key);
      return { ok: false, value: undefined };
    }
    const node = this.value(key);
    if (!isScalar(node)) {
      this.error(key, `expected a single value, got ${describe(node)}`);
      return { ok: false, value: undefined };
    }
    return { ok: true, value: node.value };
  }

  /** A string; numbers are accepted as their text when `coerce` (names, passwords, header values). */
  string(key: string, opts: { required?: boolean; coerce?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const { ok, value } = this.scalar(key, opts.required ?? false);
    if (!ok) return undefined;
    if (typeof value === 'number' && opts.coerce) return String(value);
    if (typeof value !== 'string') {
      this.error(key, `expected a string, got ${describe(this.value(key))}`);
      return undefined;
    }
    if ((opts.nonEmpty ?? true) && value.trim() === '') {
      this.error(key, 'must not be empty');
      return undefined;
    }
    return value;
  }

  number(key: string, rule: NumberRule & { required?: boolean } = {}): number | undefined {
    const { ok, value } = this.scalar(key, rule.required ?? false);
    if (!ok) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.error(key, `expected a number, got ${describe(this.value(key))}`);
      return undefined;
    }
    if (rule.integer && !Number.isInteger(value)) return this.fail(key, `expected a whole number, got ${value}`);
    if (rule.min !== undefined && value < rule.min) return this.fail(key, `must be >= ${rule.min}, got ${value}`);
    if (rule.max !== undefined && value > rule.max) return this.fail(key, `must be <= ${rule.max}, got ${value}`);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const { ok, value } = this.scalar(key, false);
    if (!ok) return undefined;
    if (typeof value !== 'boolean') return this.fail(key, `expected true or false, got ${describe(this.value(key))}`);
    return value;
  }

  /** Milliseconds from `2`, `0.5`, `500ms`, `2s`, `1m`. */
  duration(key: string): number | undefined {
    const { ok, value } = this.scalar(key, false);
    if (!ok) return undefined;
    if (typeof value !== 'number' && typeof value !== 'string') {
      return this.fail(key, `expected a duration (2s, 500ms), got ${describe(this.value(key))}`);
    }
    const ms = parseDuration(value);
    return typeof ms === 'string' ? this.fail(key, ms) : ms;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(key: string, choices: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const text = this.string(key, opts);
    if (text === undefined) return undefined;
    if ((choices as readonly string[]).includes(text)) return text as T;
    const near = suggest(text, choices);
    return this.fail(key, `${JSON.stringify(text)} is not one of ${choices.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`);
  }

  /** A string or a list of strings (`tags: web` or `tags: [web, prod]`). */
  stringList(key: string, opts: { coerce?: boolean } = {}): string[] | undefined {
    if (!this.has(key)) return undefined;
    const node = this.value(key);
    if (isScalar(node)) {
      const one = this.string(key, opts);
      return one === undefined ? undefined : [one];
    }
    const items = this.reader.items(node, `${this.what}: ${this.label(key)}`, this.at(key));
    if (!items) return undefined;
    const out: string[] = [];
    let ok = true;
    for (const raw of items) {
      const item = this.reader.deref(raw);
      const v = isScalar(item) ? item.value : undefined;
      if (typeof v === 'string' && v.trim() !== '') out.push(v);
      else if (typeof v === 'number' && opts.coerce) out.push(String(v));
      else {
        ok = false;
        this.reader.error(raw, `${this.what}: ${this.label(key)}: expected a non-empty string, got ${describe(item)}`, this.at(key));
      }
    }
    return ok ? out : undefined;
  }

  /** A regular expression written as a string; a bad pattern is reported with the engine's reason. */
  regex(key: string, text: string | undefined): RegExp | undefined {
    if (text === undefined) return undefined;
    try {
      return new RegExp(text);
    } catch (err) {
      return this.fail(key, `bad regex: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  }

  fail(key: string, message: string): undefined {
    this.error(key, message);
    return undefined;
  }
}
