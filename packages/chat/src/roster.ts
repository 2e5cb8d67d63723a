import type { ChatLine } from './server-lines.js';

/** Names kept for the online list: a server cannot grow the client's memory without bound (the count stays right). */
const MAX_NAMES = 10_000;

/**
 * Who is online, as far as a client can tell from what the server says:
 * the welcome's list, then joins, leaves and renames. When the server listed
 * only part of a large room, `total` is still right and `names` holds the
 * ones known by name.
 */
export class Roster {
  private list: string[] = [];
  private count = 0;
  /** Our own name, once the server has told us. */
  self: string | undefined;
  /** True once a nettk server has welcomed us (it understands /commands). */
  nettk = false;

  get names(): readonly string[] {
    return this.list;
  }

  get total(): number {
    return Math.max(this.count, this.list.length);
  }

  /** Update from one server line; returns true when the roster changed. */
  apply(line: ChatLine): boolean {
    if (line.kind !== 'notice' || !line.event) return false;
    const e = line.event;
    switch (e.type) {
      case 'welcome':
        this.nettk = true;
        this.self = e.name;
        return true;
      case 'online': {
        const keep = e.complete ? [] : this.list.filter((n) => !e.names.includes(n));
        this.list = [...e.names, ...keep];
        this.count = e.complete ? e.names.length : Math.max(e.total, this.list.length);
        return true;
      }
      case 'joined':
        if (this.list.includes(e.name)) return false;
        if (this.list.length < MAX_NAMES) this.list.push(e.name);
        this.count++;
        return true;
      case 'left': {
        const at = this.list.indexOf(e.name);
        if (at >= 0) this.list.splice(at, 1);
        this.count = Math.max(0, this.count - 1);
        return true;
      }
      case 'renamed':
        this.replace(e.from, e.to);
        return true;
      case 'you-are':
        if (this.self !== undefined) this.replace(this.self, e.name);
        this.self = e.name;
        return true;
      case 'shutdown':
      case 'refused':
        return false;
    }
  }

  private replace(from: string, to: string): void {
    const at = this.list.indexOf(from);
    if (at >= 0) this.list[at] = to;
    else if (!this.list.includes(to)) {
      if (this.list.length < MAX_NAMES) this.list.push(to);
      this.count++;
    }
  }
}
