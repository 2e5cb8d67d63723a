import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { FieldReader } from './field-reader.js';
import { describe, type AnyNode } from './node-words.js';
import { positionOf, type Diagnostic, type Source } from './source.js';

export type { AnyNode };

/** A map entry with the key node kept for positions. */
export interface Entry {
  key: Node;
  value: AnyNode;
}

/**
 * Walks the YAML node tree (not the plain JS value) so every problem keeps
 * the line and column of the node that caused it, and collects them all
 * instead of stopping at the first.
 */
export class NodeReader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly source: Source) {}

  /** Aliases (`*base`) stand for the anchored node. */
  deref(node: AnyNode): AnyNode {
    let current = node;
    for (let hops = 0; current && isAlias(current) && hops < 32; hops++) current = current.resolve(this.source.doc) as AnyNode;
    return current;
  }

  error(at: AnyNode, message: string, fallback?: AnyNode): void {
    const node = at?.range ? at : fallback?.range ? fallback : undefined;
    const pos = positionOf(this.source.lines, node?.range?.[0] ?? 0);
    this.diagnostics.push({ file: this.source.file, ...pos, message });
  }

  line(node: AnyNode): number {
    return positionOf(this.source.lines, node?.range?.[0] ?? 0).line;
  }

  /** The entries of a map, with merge keys (`<<`) expanded; undefined (and an error) if `node` is not a map. */
  entries(node: AnyNode, what: string, fallback?: AnyNode): Map<string, Entry> | undefined {
    const map = this.deref(node);
    if (!isMap(map)) {
      this.error(node, `${what}: expected a map, got ${describe(map)}`, fallback);
      return undefined;
    }
    const out = new Map<string, Entry>();
    const merged: Array<[string, Entry]> = [];
    for (const pair of map.items) {
      const key = pair.key as AnyNode;
      const value = pair.value as AnyNode;
      if (isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<')) {
        for (const source of this.mergeSources(value)) {
          const m = this.entries(source, `${what}: merge (<<)`, key);
          if (m) for (const e of m) merged.push(e);
        }
        continue;
      }
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.error(key, `${what}: keys must be plain words, got ${describe(key)}`, map);
        continue;
      }
      out.set(String(key.value), { key, value });
    }
    // YAML merge: keys written in the map win over merged ones.
    for (const [k, e] of merged) if (!out.has(k)) out.set(k, e);
    return out;
  }

  private mergeSources(value: AnyNode): AnyNode[] {
    const v = this.deref(value);
    return isSeq(v) ? (v.items as AnyNode[]) : [value];
  }

  /** The items of a list; undefined (and an error) otherwise. */
  items(node: AnyNode, what: string, fallback?: AnyNode): AnyNode[] | undefined {
    const seq = this.deref(node);
    if (!isSeq(seq)) {
      this.error(node, `${what}: expected a list, got ${describe(seq)}`, fallback);
      return undefined;
    }
    return seq.items as AnyNode[];
  }

  /** A field reader over a map; unknown keys are reported against `allowed`. */
  fields(node: AnyNode, what: string, allowed: readonly string[], fallback?: AnyNode, prefix = ''): FieldReader | undefined {
    const entries = this.entries(node, prefix ? `${what}: ${prefix.slice(0, -1)}` : what, fallback);
    if (!entries) return undefined;
    const fields = new FieldReader(this, this.deref(node)!, what, entries, prefix);
    fields.allow(allowed);
    return fields;
  }
}
