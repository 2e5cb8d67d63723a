import { NettkError, TimeoutError, monotonicMs } from '@nettk/core';
import type { Framing } from './body-framing.js';
import type { HeaderList } from './headers.js';
import { ResponseFramer, type FramerEvent, type FramerOptions, type ResponseHead } from './response-framer.js';

/** Bytes from a connection, delivered to one reader at a time (HttpConnection implements it). */
export interface ByteSource {
  /** Deliver buffered bytes, then live ones, then end or error, to `listener` until detach. */
  attach(listener: SourceListener): void;
  /** Stop delivering; `unread` goes back in front of whatever arrives next. */
  detach(unread: Buffer): void;
  pause(): void;
  resume(): void;
}

export interface SourceListener {
  data(chunk: Buffer): void;
  /** The peer closed (may be called more than once). */
  end(): void;
  error(err: Error): void;
}

export interface ReadResponseOptions extends FramerOptions {
  /** monotonicMs() by which the whole response must be complete (`--max-time`). */
  deadline?: number | undefined;
  /** Words for the deadline in a timeout message, e.g. `--max-time 2 s`. */
  deadlineLabel?: string | undefined;
  /** Longest silence from the server while a response is due (default 30 s). */
  idleTimeoutMs?: number | undefined;
}

export interface ResponseOutcome {
  /** Every head in order: 1xx responses, then the final one (last). */
  heads: ResponseHead[];
  trailers: HeaderList;
  trailerLines: Buffer[];
  framing: Framing;
  bodyBytes: number;
  keepAlive: boolean;
  upgrade: boolean;
  warnings: string[];
  /** monotonicMs() of the first response byte, and of the end of the response. */
  firstByteAt: number;
  endAt: number;
}

/**
 * Feed a source's bytes to a ResponseFramer until one response (1xx* then
 * final) is complete, within an overall deadline and an idle timeout. When an
 * event handler returns a promise (stdout is full), the source is paused
 * until it settles. Bytes past the response go back to the source.
 */
export function readResponse(source: ByteSource, options: ReadResponseOptions, onEvent: (event: FramerEvent) => void | Promise<void>): Promise<ResponseOutcome> {
  return new Promise<ResponseOutcome>((resolve, reject) => {
    const framer = new ResponseFramer(options);
    const heads: ResponseHead[] = [];
    const warnings: string[] = [];
    let trailers: HeaderList = [];
    let trailerLines: Buffer[] = [];
    let firstByteAt: number | undefined;
    let settled = false;
    let pending = 0;
    const idleMs = options.idleTimeoutMs ?? 30_000;
    const onIdle = (): void => fail(new TimeoutError(`no data from the server for ${idleMs} ms ${framer.describeProgress()}`));
    // One timer, refreshed on every chunk: cheaper than a new timer per chunk.
    let idle: NodeJS.Timeout | undefined = setTimeout(onIdle, idleMs);
    const overall =
      options.deadline === undefined
        ? undefined
        : setTimeout(
            () => fail(new TimeoutError(`timed out${options.deadlineLabel ? ` (${options.deadlineLabel})` : ''} ${framer.describeProgress()}`)),
            Math.max(0, options.deadline - monotonicMs()),
          );
    const cleanup = (unread: Buffer): void => {
      settled = true;
      if (idle) clearTimeout(idle);
      if (overall) clearTimeout(overall);
      source.detach(unread);
      if (pending > 0) source.resume();
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      cleanup(Buffer.alloc(0));
      reject(error);
    };
    const handle = (events: FramerEvent[]): void => {
      for (const event of events) {
        if (settled) return;
        if (event.type === 'error') return fail(event.error);
        if (event.type === 'head') heads.push(event.head);
        else if (event.type === 'warning') warnings.push(event.message);
        else if (event.type === 'trailers') {
          trailers = event.trailers;
          trailerLines = event.lines;
        }
        let result: void | Promise<void>;
        try {
          result = onEvent(event);
        } catch (error) {
          return fail(error);
        }
        if (event.type === 'end') {
          cleanup(framer.excess);
          const endAt = monotonicMs();
          const { framing, bodyBytes, keepAlive, upgrade } = event;
          resolve({ heads, trailers, trailerLines, framing, bodyBytes, keepAlive, upgrade, warnings, firstByteAt: firstByteAt ?? endAt, endAt });
          return;
        }
        if (result instanceof Promise) {
          if (pending++ === 0) {
            source.pause();
            if (idle) clearTimeout(idle);
            idle = undefined;
          }
          result.then(() => {
            if (--pending === 0 && !settled) {
              source.resume();
              idle = setTimeout(onIdle, idleMs);
            }
          }, fail);
        }
      }
    };
    source.attach({
      data(chunk) {
        if (settled) return;
        firstByteAt ??= monotonicMs();
        idle?.refresh();
        handle(framer.push(chunk));
      },
      end() {
        if (!settled) handle(framer.finish());
      },
      error(err) {
        fail(new NettkError('NETTK_ERR_NETWORK', `connection error ${framer.describeProgress()}: ${err.message}`, { cause: err }));
      },
    });
  });
}
