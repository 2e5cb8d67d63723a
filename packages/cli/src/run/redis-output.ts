import { formatJson, formatRaw, formatTty, ReplyError, RespPush, type RespMap, type RespValue } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';

export type OutputStyle = 'tty' | 'raw' | 'json' | 'binary';

/**
 * redis-cli's choice: formatted on a terminal, raw otherwise; --raw/--no-raw
 * force either, and redis-cli's FAKETTY variable counts as a terminal.
 */
export function outputStyle(o: RedisOptions, io: Io): OutputStyle {
  if (o.json || o.ndjson) return 'json';
  if (o.binary) return 'binary';
  if (o.raw !== undefined) return o.raw ? 'raw' : 'tty';
  return io.stdout.isTTY === true || io.env.FAKETTY !== undefined ? 'tty' : 'raw';
}

/**
 * Writes replies to stdout in the chosen style. Raw and binary output are
 * bytes written as received (a 100 MiB bulk is never copied into a string).
 * Returns false when stdout wants the caller to wait for 'drain'.
 */
export class ReplyPrinter {
  errors = 0;
  constructor(
    private readonly io: Io,
    readonly style: OutputStyle,
    private readonly o: Pick<RedisOptions, 'bulkDelimiter' | 'commandDelimiter'> = { bulkDelimiter: '\n', commandDelimiter: '\n' },
  ) {}

  print(value: RespValue, attributes?: RespMap[]): boolean {
    if (value instanceof ReplyError) this.errors++;
    const out = this.io.stdout;
    switch (this.style) {
      case 'json':
        return out.write(formatJson(value) + '\n');
      case 'tty':
        return out.write(formatTty(value, attributes));
      case 'binary':
        if (Buffer.isBuffer(value)) return out.write(value);
        return this.writeParts(formatRaw(value).slice(0, -1));
      default:
        return this.writeParts(this.rawParts(value));
    }
  }

  /** Raw parts with redis-cli's -d (between elements) and -D (after the reply) delimiters. */
  private rawParts(value: RespValue): Buffer[] {
    const parts = formatRaw(value);
    if (this.o.bulkDelimiter === '\n' && this.o.commandDelimiter === '\n') return parts;
    // formatRaw separates elements with "\n" buffers of its own and ends with one.
    const nl = parts[parts.length - 1]!;
    const bulk = Buffer.from(this.o.bulkDelimiter);
    return parts.map((p, i) => (i === parts.length - 1 ? Buffer.from(this.o.commandDelimiter) : p === nl ? bulk : p));
  }

  private writeParts(parts: Buffer[]): boolean {
    const out = this.io.stdout;
    let small = 0;
    for (const p of parts) small += p.length;
    // Small replies: one write. Big ones: each part as it is, no copy.
    if (small < 64 * 1024) return out.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts, small));
    let ok = true;
    for (const p of parts) ok = out.write(p) && ok;
    return ok;
  }

  /** A push or message in streaming mode (SUBSCRIBE, MONITOR): printed like a reply. */
  printEvent(value: RespValue, attributes?: RespMap[]): boolean {
    return this.print(value instanceof RespPush ? value.items : value, attributes);
  }
}
