import { respTypeName } from './decoder-support.js';

/** One line of traffic (a header or a payload piece) and what it means. */
export interface WireLine {
  bytes: Buffer;
  note: string;
}

/** Payload bytes shown per bulk; the rest is counted, not printed. */
const SHOW_PAYLOAD = 96;
const MAX_PARTIAL = 64 * 1024;

/**
 * Splits one direction of RESP traffic into lines and says what each type
 * byte means (`*2` → "array, 2 elements"): the protocol made visible for
 * --show-wire. Streaming: bulk payloads are counted through, never held,
 * so a 100 MiB value costs nothing here.
 */
export class WireExplainer {
  private partial: Buffer | null = null;
  private payloadLeft = 0;
  private payloadShown = 0;

  push(chunk: Buffer): WireLine[] {
    const out: WireLine[] = [];
    const buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = null;
    let off = 0;
    while (off < buf.length) {
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, buf.length - off);
        const room = Math.max(0, SHOW_PAYLOAD - this.payloadShown);
        const last = take === this.payloadLeft;
        if (room > 0) {
          out.push({ bytes: buf.subarray(off, off + Math.min(take, room)), note: this.payloadShown === 0 ? 'payload' : '' });
        }
        this.payloadShown += take;
        this.payloadLeft -= take;
        off += take;
        if (last && this.payloadShown > SHOW_PAYLOAD) out.push({ bytes: Buffer.alloc(0), note: `... ${this.payloadShown - SHOW_PAYLOAD} more payload bytes not shown` });
        continue;
      }
      const lf = buf.indexOf(10, off);
      if (lf === -1) {
        const rest = buf.subarray(off);
        if (rest.length > MAX_PARTIAL) out.push({ bytes: rest, note: 'no CRLF yet' });
        else this.partial = Buffer.from(rest);
        break;
      }
      const line = buf.subarray(off, lf + 1);
      out.push({ bytes: line, note: this.explain(line) });
      off = lf + 1;
    }
    return out;
  }

  private explain(line: Buffer): string {
    const type = line[0]!;
    const name = respTypeName(type);
    const arg = line.toString('latin1', 1, line.length - (line[line.length - 2] === 13 ? 2 : 1));
    if (name === undefined) return 'inline command (or not RESP)';
    const n = /^\d+$/.test(arg) ? Number(arg) : undefined;
    switch (type) {
      case 0x24: case 0x21: case 0x3d: case 0x3b:
        if (arg === '-1') return `null ${name} (RESP2)`;
        if (arg === '?') return 'streamed string: ";N" chunks follow, ";0" ends it';
        if (n === undefined) return `${name}, bad length`;
        if (type === 0x3b && n === 0) return 'end of streamed string';
        this.payloadLeft = n + 2;
        this.payloadShown = 0;
        return `${name}, ${n} byte${n === 1 ? '' : 's'}`;
      case 0x2a: case 0x25: case 0x7e: case 0x7c: case 0x3e: {
        if (arg === '-1') return `null ${name} (RESP2)`;
        if (arg === '?') return `streamed ${name}: elements follow until "."`;
        if (n === undefined) return `${name}, bad length`;
        const unit = type === 0x25 || type === 0x7c ? 'pair' : 'element';
        return `${name}, ${n} ${unit}${n === 1 ? '' : 's'}`;
      }
      case 0x23:
        return `boolean ${arg === 't' ? 'true' : arg === 'f' ? 'false' : '?'}`;
      default:
        return name;
    }
  }
}
