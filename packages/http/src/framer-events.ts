import type { NettkError } from '@nettk/core';
import type { Framing } from './body-framing.js';
import type { ChunkExtension } from './chunked-decoder.js';
import type { HeadLimits } from './field-section.js';
import type { HeaderList } from './headers.js';

export interface ResponseHead {
  httpVersion: string;
  status: number;
  reason: string;
  headers: HeaderList;
  /** The status line and field lines exactly as received, terminators included. */
  lines: Buffer[];
  bytes: number;
  /** 1xx other than 101: more responses follow for the same request. */
  informational: boolean;
  /** The framing chosen for this response's body. */
  framing: Framing;
}

export type FramerEvent =
  | { type: 'head'; head: ResponseHead }
  | { type: 'chunk'; size: number; extensions: ChunkExtension[] }
  | { type: 'data'; data: Buffer }
  | { type: 'trailers'; trailers: HeaderList; lines: Buffer[] }
  | { type: 'warning'; message: string }
  | { type: 'end'; framing: Framing; bodyBytes: number; keepAlive: boolean; upgrade: boolean }
  /** With `emitRaw`: the bytes of this push that belong to the response, framing included, first in the list. */
  | { type: 'raw'; data: Buffer }
  | { type: 'error'; error: NettkError };

export interface FramerOptions extends Partial<HeadLimits> {
  /** The request method: a response to HEAD has no body (RFC 9112 §6.3). Default GET. */
  method?: string;
  /** Cap on 1xx responses before the final one (default 32). */
  maxInformational?: number;
  maxChunkLineBytes?: number;
  /** Also emit the response bytes exactly as received (`raw` events), for nc-style output. */
  emitRaw?: boolean;
}
