import { ReplyError, RespBigNumber, RespDouble, RespMap, RespPush, RespSet, RespVerbatim, type RespValue } from './values.js';

/**
 * A reply as redis-cli prints it when stdout is not a terminal (redis-cli.c
 * cliFormatReplyRaw + the "\n" command delimiter): bare values, nil as an
 * empty line, aggregates flattened one element per line, map pairs as
 * `key value`. Bytes stay bytes (a Buffer list, never one big copy).
 */
export function formatRaw(value: RespValue): Buffer[] {
  const out: Buffer[] = [];
  raw(value, out);
  out.push(NL);
  return out;
}

const NL = Buffer.from('\n');
const SPACE = Buffer.from(' ');

function raw(value: RespValue, out: Buffer[]): void {
  if (value === null) return;
  if (Buffer.isBuffer(value)) {
    out.push(value);
    return;
  }
  if (typeof value === 'string') return void out.push(Buffer.from(value, 'utf8'));
  if (typeof value === 'number' || typeof value === 'bigint') return void out.push(Buffer.from(String(value)));
  if (typeof value === 'boolean') return void out.push(Buffer.from(value ? '(true)' : '(false)'));
  if (value instanceof ReplyError) return void out.push(Buffer.from(value.message + '\n', 'utf8'));
  if (value instanceof RespDouble) return void out.push(Buffer.from(value.text));
  if (value instanceof RespBigNumber) return void out.push(Buffer.from(value.value.toString()));
  if (value instanceof RespVerbatim) return void out.push(value.data);
  if (value instanceof RespMap) {
    value.entries.forEach(([k, v], i) => {
      if (i > 0) out.push(NL);
      raw(k, out);
      out.push(SPACE);
      raw(v, out);
    });
    return;
  }
  const items = Array.isArray(value) ? value : (value as RespSet | RespPush).items;
  items.forEach((item, i) => {
    if (i > 0) out.push(NL);
    raw(item, out);
  });
}
