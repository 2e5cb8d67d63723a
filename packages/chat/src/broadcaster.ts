import type { ChatConnection } from './connection.js';

interface Pending {
  parts: Buffer[];
  /** The client the line came from (or is about): it does not receive it. */
  from: ChatConnection | undefined;
}

export interface BroadcastTotals {
  lines: number;
  bytes: number;
}

/**
 * The relay's hot path. Lines queued during one turn of the event loop are
 * flushed together at setImmediate: formatted once into one Buffer, and that
 * same Buffer is written to every receiver, so a tick costs one write per
 * client whatever the number of lines. Only the few clients that sent in this
 * tick get a Buffer of their own (without their own lines: no echo).
 */
export class Broadcaster {
  private pending: Pending[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  readonly totals: BroadcastTotals = { lines: 0, bytes: 0 };

  constructor(
    private readonly receivers: () => Iterable<ChatConnection>,
    private readonly onOverflow: (client: ChatConnection) => void,
  ) {}

  /** Queue one line (its parts end with the line ending) for everyone but `from`. */
  send(parts: Buffer[], from: ChatConnection | undefined): void {
    this.pending.push({ parts, from });
    this.scheduled ??= setImmediate(this.flush);
  }

  readonly flush = (): void => {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let senders: Set<ChatConnection> | undefined;
    for (const p of batch) if (p.from) (senders ??= new Set()).add(p.from);
    let all: Buffer | undefined;
    const overflowed: ChatConnection[] = [];
    let lines = 0;
    let bytes = 0;
    for (const client of this.receivers()) {
      if (client.gone !== undefined) continue;
      let out: Buffer;
      let count = batch.length;
      if (senders?.has(client)) {
        const parts: Buffer[] = [];
        for (const p of batch) {
          if (p.from === client) count--;
          else for (const part of p.parts) parts.push(part);
        }
        if (count === 0) continue;
        out = Buffer.concat(parts);
      } else {
        all ??= concatAll(batch);
        out = all;
      }
      lines += count;
      bytes += out.length;
      if (!client.write(out)) overflowed.push(client);
    }
    this.totals.lines += lines;
    this.totals.bytes += bytes;
    for (const client of overflowed) this.onOverflow(client);
  };

  /** Drop queued lines and the scheduled flush (server stopping hard). */
  clear(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = [];
  }
}

function concatAll(batch: Pending[]): Buffer {
  if (batch.length === 1 && batch[0]!.parts.length === 1) return batch[0]!.parts[0]!;
  const parts: Buffer[] = [];
  for (const p of batch) for (const part of p.parts) parts.push(part);
  return Buffer.concat(parts);
}
