import {
  DEFAULT_LIMITS,
  excerpt,
  limitError,
  protocolError,
  respTypeName,
  type DecoderLimits,
} from './decoder-support.js';
import { RespMap, RespPush, RespSet, type RespValue } from './values.js';

// Aggregate type bytes (RESP3 spec, "RESP protocol description").
export const ARRAY = 0x2a; // *
export const MAP = 0x25; // %
export const SET = 0x7e; // ~
export const PUSH = 0x3e; // >
export const ATTRIBUTE = 0x7c; // |
/** `?` in a length: streamed; also the frame kind of a streamed string. */
export const STREAMED = 0x3f;

/** Preallocate aggregates up to this many elements; bigger ones grow as elements arrive. */
const PREALLOCATE_MAX = 4096;

export interface Frame {
  kind: number;
  /** Elements still expected; -1 for a streamed aggregate or string. */
  left: number;
  items: RespValue[];
  n: number;
  /** Streamed string parts and their total size. */
  parts: Buffer[] | null;
  size: number;
}

export interface DecoderOptions extends Partial<DecoderLimits> {
  /** A complete reply, with the attribute maps (`|`) that came before it or inside it. */
  onReply: (value: RespValue, attributes: RespMap[] | undefined) => void;
  /** A RESP3 push (`>`) at the top level; by default it goes to onReply. */
  onPush?: (push: RespPush, attributes: RespMap[] | undefined) => void;
  /** Bulk strings as UTF-8 text instead of Buffers (not binary-safe; for callers that only want text). */
  stringBulks?: boolean;
}

/**
 * The aggregate half of the decoder: a stack of open arrays, maps, sets,
 * pushes, attributes and streamed values, filled as elements complete, and
 * delivery of finished replies. Iterative (no recursion), so nesting is
 * bounded only by maxDepth and a reply can stop at any byte and resume.
 */
export class FrameStack {
  protected readonly limits: DecoderLimits;
  protected readonly onReply: DecoderOptions['onReply'];
  protected readonly onPush: NonNullable<DecoderOptions['onPush']>;
  protected readonly stringBulks: boolean;
  protected readonly stack: Frame[] = [];
  protected attrs: RespMap[] | undefined = undefined;

  constructor(options: DecoderOptions) {
    this.limits = {
      maxBulkLength: options.maxBulkLength ?? DEFAULT_LIMITS.maxBulkLength,
      maxAggregateLength: options.maxAggregateLength ?? DEFAULT_LIMITS.maxAggregateLength,
      maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
      maxLineLength: options.maxLineLength ?? DEFAULT_LIMITS.maxLineLength,
    };
    this.onReply = options.onReply;
    this.onPush = options.onPush ?? ((push, attributes) => this.onReply(push, attributes));
    this.stringBulks = options.stringBulks === true;
  }


  protected pushFrame(frame: Frame): void {
    if (this.stack.length >= this.limits.maxDepth) throw limitError(`nesting deeper than ${this.limits.maxDepth} levels`);
    this.stack.push(frame);
  }

  protected openAggregate(t: number, count: number): void {
    if (count > this.limits.maxAggregateLength) {
      throw limitError(`${respTypeName(t)} of ${count} elements is over the ${this.limits.maxAggregateLength}-element cap`);
    }
    const left = t === MAP || t === ATTRIBUTE ? count * 2 : count;
    if (left === 0) {
      const empty = this.finish({ kind: t, left: 0, items: [], n: 0, parts: null, size: 0 });
      if (empty !== undefined) this.emit(empty);
      return;
    }
    this.pushFrame({ kind: t, left, items: left <= PREALLOCATE_MAX ? new Array<RespValue>(left) : [], n: 0, parts: null, size: 0 });
  }

  /** `.` ends the innermost streamed aggregate. */
  protected endStreamed(buf: Buffer, from: number, cr: number): RespValue | undefined {
    const top = this.stack[this.stack.length - 1];
    if (cr !== from || top === undefined || top.left !== -1 || top.kind === STREAMED) {
      throw protocolError(`unexpected end-of-aggregate "${excerpt(buf, from - 1)}" outside a streamed aggregate`);
    }
    if (top.kind === MAP && top.n % 2 !== 0) throw protocolError('streamed map ended after a key without its value');
    this.stack.pop();
    return this.finish(top);
  }

  protected streamedPart(payload: Buffer): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.kind !== STREAMED) throw protocolError('streamed string chunk ";" outside a streamed string');
    if (payload.length === 0) {
      this.stack.pop();
      this.emit(this.stringBulks ? Buffer.concat(top.parts!, top.size).toString('utf8') : Buffer.concat(top.parts!, top.size));
      return;
    }
    top.size += payload.length;
    if (top.size > this.limits.maxBulkLength) throw limitError(`streamed string over the ${this.limits.maxBulkLength}-byte cap`);
    top.parts!.push(payload);
  }

  protected emit(value: RespValue): void {
    let v = value;
    const stack = this.stack;
    for (;;) {
      // Check the length first: reading stack[-1] is a slow dictionary lookup in V8.
      if (stack.length === 0) {
        const attrs = this.attrs;
        this.attrs = undefined;
        this.onReply(v, attrs);
        return;
      }
      const top = stack[stack.length - 1]!;
      if (top.kind === STREAMED) throw protocolError('expected a ";" chunk inside a streamed string');
      if (top.left === -1 && top.n >= this.limits.maxAggregateLength * 2) throw limitError('streamed aggregate over the element cap');
      top.items[top.n++] = v;
      if (top.left === -1 || --top.left !== 0) return;
      stack.pop();
      const done = this.finish(top);
      if (done === undefined) return;
      v = done;
    }
  }

  /** The value of a complete aggregate; undefined for an attribute (kept for the next reply) or a top-level push. */
  protected finish(frame: Frame): RespValue | undefined {
    switch (frame.kind) {
      case ARRAY:
        return frame.items;
      case SET:
        return new RespSet(frame.items);
      case MAP:
        return new RespMap(pairs(frame.items));
      case ATTRIBUTE:
        (this.attrs ??= []).push(new RespMap(pairs(frame.items)));
        return undefined;
      default: {
        const push = new RespPush(frame.items);
        if (this.stack.length > 0) return push;
        const attrs = this.attrs;
        this.attrs = undefined;
        this.onPush(push, attrs);
        return undefined;
      }
    }
  }
}

function pairs(items: RespValue[]): Array<[RespValue, RespValue]> {
  const out = new Array<[RespValue, RespValue]>(items.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = [items[2 * i]!, items[2 * i + 1]!];
  return out;
}
