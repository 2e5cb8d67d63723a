import { quoteBytes, visible } from '@nettk/core';
import { ReplyError, RespBigNumber, RespDouble, RespMap, RespPush, RespSet, RespVerbatim, type RespValue } from './values.js';

/**
 * A reply as redis-cli prints it on a terminal (redis-cli.c
 * cliFormatReplyTTY), byte for byte: `(integer) 1`, `(nil)`, `"quoted\n"`,
 * `(error) ...`, numbered and indented aggregates (`1)` arrays, `1#` maps,
 * `1~` sets). Where redis-cli prints garbage, this prints the value:
 * `(big number) 1234...` and attributes as `1| key => value` lines before the
 * reply. Status, error and verbatim text go through visible(): redis-cli
 * writes them raw, which lets a server drive the terminal with escape codes.
 */
export function formatTty(value: RespValue, attributes?: RespMap[]): string {
  let out = '';
  if (attributes) for (const map of attributes) out += aggregate(map.entries.flat(), 'attr', '');
  return out + format(value, '');
}

function format(value: RespValue, prefix: string): string {
  if (value === null) return '(nil)\n';
  if (typeof value === 'string') return visible(value) + '\n';
  if (typeof value === 'number' || typeof value === 'bigint') return `(integer) ${value}\n`;
  if (typeof value === 'boolean') return value ? '(true)\n' : '(false)\n';
  if (Buffer.isBuffer(value)) return quoteBytes(value) + '\n';
  if (Array.isArray(value)) return aggregate(value, 'array', prefix);
  if (value instanceof ReplyError) return `(error) ${visible(value.message)}\n`;
  if (value instanceof RespDouble) return `(double) ${visible(value.text)}\n`;
  if (value instanceof RespBigNumber) return `(big number) ${value.value}\n`;
  if (value instanceof RespVerbatim) return visible(value.data) + '\n';
  if (value instanceof RespMap) return aggregate(value.entries.flat(), 'map', prefix);
  if (value instanceof RespSet) return aggregate(value.items, 'set', prefix);
  return aggregate((value as RespPush).items, 'push', prefix);
}

type Kind = 'array' | 'map' | 'set' | 'push' | 'attr';
const EMPTY: Record<Kind, string> = {
  array: '(empty array)\n',
  map: '(empty hash)\n',
  set: '(empty set)\n',
  push: '(empty push)\n',
  attr: '',
};
const SEPARATOR: Record<Kind, string> = { array: ')', map: '#', set: '~', push: ')', attr: '|' };

/** Elements are flat; maps alternate key, value. */
function aggregate(elements: RespValue[], kind: Kind, prefix: string): string {
  if (elements.length === 0) return EMPTY[kind];
  const paired = kind === 'map' || kind === 'attr';
  const count = paired ? elements.length / 2 : elements.length;
  const width = String(count).length;
  // Nested aggregates indent by the index width plus ") ".
  const inner = prefix + ' '.repeat(width + 2);
  const sep = SEPARATOR[kind];
  let out = '';
  for (let i = 0, n = 1; i < elements.length; i++, n++) {
    // The first element follows the parent's own index on the same line.
    out += `${i === 0 ? '' : prefix}${String(n).padStart(width)}${sep} `;
    out += format(elements[i]!, inner);
    if (paired) {
      i++;
      const value = elements[i]!;
      // redis-cli starts a non-empty aggregate value on its own line, indented.
      out = out.slice(0, -1) + (isNonEmptyAggregate(value) ? ` => \n${inner}` : ' => ') + format(value, inner);
    }
  }
  return out;
}

function isNonEmptyAggregate(value: RespValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof RespMap) return value.entries.length > 0;
  if (value instanceof RespSet || value instanceof RespPush) return value.items.length > 0;
  return false;
}
