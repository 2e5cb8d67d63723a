import { LimitError, ProtocolError } from '@nettk/core';
import { splitArgs } from './split-args.js';

/** Redis' own caps for requests (server.h PROTO_INLINE_MAX_SIZE, proto-max-bulk-len). */
const MAX_LINE = 64 * 1024;
const MAX_BULK = 512 * 1024 * 1024;
const MAX_ARGS = 1024 * 1024;

/**
 * Splits a stream of requests, as Redis reads them, into commands: RESP
 * arrays of bulk strings, and inline lines (`SET k v`, split like
 * redis-cli/Redis split them; empty lines are skipped as Redis skips them).
 * Used for --pipe input. Chunk boundaries may fall anywhere; a bulk that
 * spans chunks is collected once into a buffer of its exact size.
 */
export class RequestReader {
  private carry: Buffer | null = null;
  /** The array being read: its arguments and how many are still expected. */
  private args: Buffer[] | null = null;
  private argsLeft = 0;
  /** A bulk argument that spans chunks. */
  private bulk: Buffer | null = null;
  private bulkFilled = 0;

  /** True at a command boundary (nothing half-read). */
  get idle(): boolean {
    return this.carry === null && this.args === null && this.bulk === null;
  }

  /** The commands completed by this chunk. */
  push(chunk: Buffer): Buffer[][] {
    const out: Buffer[][] = [];
    let buf = chunk;
    let off = 0;
    if (this.bulk !== null) {
      const need = this.bulk.length - this.bulkFilled;
      const take = Math.min(need, chunk.length);
      chunk.copy(this.bulk, this.bulkFilled, 0, take);
      this.bulkFilled += take;
      if (take < need) return out;
      off = take;
      this.finishBulk(this.bulk, out);
    } else if (this.carry !== null) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    while (off < buf.length) {
      const lf = buf.indexOf(10, off);
      if (lf === -1) {
        if (buf.length - off > MAX_LINE) throw new LimitError(`request line longer than ${MAX_LINE} bytes without a newline`);
        this.carry = Buffer.from(buf.subarray(off));
        break;
      }
      const end = lf > off && buf[lf - 1] === 13 ? lf - 1 : lf;
      if (this.args !== null) {
        if (buf[off] !== 0x24) throw new ProtocolError(`expected "$" (a bulk string argument), got "${buf.toString('latin1', off, Math.min(end, off + 16))}"`);
        const n = this.length(buf, off + 1, end, MAX_BULK, 'bulk length');
        const start = lf + 1;
        if (start + n + 2 <= buf.length) {
          this.addArg(Buffer.from(buf.subarray(start, start + n)), out);
          off = start + n + 2;
        } else {
          this.bulk = Buffer.allocUnsafe(n + 2);
          this.bulkFilled = buf.copy(this.bulk, 0, start);
          return out;
        }
        continue;
      }
      if (buf[off] === 0x2a) {
        const count = this.length(buf, off + 1, end, MAX_ARGS, 'argument count');
        off = lf + 1;
        if (count > 0) {
          this.args = [];
          this.argsLeft = count;
        }
        continue;
      }
      const args = splitArgs(buf.subarray(off, end));
      if (args === null) throw new ProtocolError(`unbalanced quotes in inline command "${buf.toString('utf8', off, Math.min(end, off + 60))}"`);
      if (args.length > 0) out.push(args);
      off = lf + 1;
    }
    return out;
  }

  private finishBulk(bulk: Buffer, out: Buffer[][]): void {
    this.bulk = null;
    this.bulkFilled = 0;
    const n = bulk.length - 2;
    if (bulk[n] !== 13 || bulk[n + 1] !== 10) throw new ProtocolError(`expected CRLF after a ${n}-byte argument`);
    this.addArg(bulk.subarray(0, n), out);
  }

  private addArg(arg: Buffer, out: Buffer[][]): void {
    this.args!.push(arg);
    if (--this.argsLeft === 0) {
      out.push(this.args!);
      this.args = null;
    }
  }

  private length(buf: Buffer, from: number, to: number, max: number, what: string): number {
    const text = buf.toString('latin1', from, to);
    if (!/^\d{1,10}$/.test(text)) throw new ProtocolError(`bad ${what} "${text.slice(0, 16)}"`);
    const n = Number(text);
    if (n > max) throw new LimitError(`${what} ${n} is over the cap of ${max}`);
    return n;
  }
}
