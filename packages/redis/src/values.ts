/**
 * The shapes a RESP2/RESP3 reply decodes to. Common types stay plain JS values
 * (the hot path allocates nothing else): simple string → string, bulk string →
 * Buffer (binary-safe until formatted), integer → number (bigint past 2^53),
 * null → null, boolean → boolean, array → Array. Types that a formatter must
 * tell apart from those get a small class.
 */

/** `-ERR ...` or RESP3 `!N` blob error. Thrown/rejected by the client, so it is an Error. */
export class ReplyError extends Error {
  /** The first word of the message (`ERR`, `WRONGTYPE`, `NOAUTH`, ...). */
  readonly prefix: string;
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
    const space = message.indexOf(' ');
    this.prefix = space === -1 ? message : message.slice(0, space);
  }
}

/** RESP3 `,` double. The text is kept because redis-cli prints it as the server sent it. */
export class RespDouble {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/** RESP3 `(` big number: arbitrary precision, kept exact as a bigint. */
export class RespBigNumber {
  constructor(readonly value: bigint) {}
}

/** RESP3 `=` verbatim string: a three-letter format (`txt`, `mkd`) and the bytes. */
export class RespVerbatim {
  constructor(
    readonly format: string,
    readonly data: Buffer,
  ) {}
}

/** RESP3 `%` map (and the `|` attribute map): entries in wire order, keys may be any type. */
export class RespMap {
  constructor(readonly entries: Array<[RespValue, RespValue]>) {}
  /** The value under a string key, comparing simple and bulk strings by their text. */
  get(key: string): RespValue | undefined {
    for (const [k, v] of this.entries) if (textOf(k) === key) return v;
    return undefined;
  }
}

/** RESP3 `~` set: members in wire order. */
export class RespSet {
  constructor(readonly items: RespValue[]) {}
}

/** RESP3 `>` push (pub/sub messages, invalidations): delivered as an event, never as a reply. */
export class RespPush {
  constructor(readonly items: RespValue[]) {}
  /** The push kind: `message`, `pmessage`, `subscribe`, `invalidate`, ... */
  get kind(): string {
    return textOf(this.items[0] ?? null) ?? '';
  }
}

export type RespValue =
  | string
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | ReplyError
  | RespDouble
  | RespBigNumber
  | RespVerbatim
  | RespMap
  | RespSet
  | RespPush
  | RespValue[];

/** Text of a simple string, bulk string or verbatim string; undefined for other types. */
export function textOf(value: RespValue): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof RespVerbatim) return value.data.toString('utf8');
  return undefined;
}

/** The RESP type name of a decoded value, as the wire explainer and --json call it. */
export function typeName(value: RespValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'simple-string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'integer';
  if (typeof value === 'boolean') return 'boolean';
  if (Buffer.isBuffer(value)) return 'bulk-string';
  if (Array.isArray(value)) return 'array';
  if (value instanceof ReplyError) return 'error';
  if (value instanceof RespDouble) return 'double';
  if (value instanceof RespBigNumber) return 'big-number';
  if (value instanceof RespVerbatim) return 'verbatim-string';
  if (value instanceof RespMap) return 'map';
  if (value instanceof RespSet) return 'set';
  return 'push';
}
