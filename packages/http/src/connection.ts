import { debuglog } from 'node:util';
import { dial, errnoOf, NettkError, type DialEvent, type DialResult, type DialTlsOptions } from '@nettk/core';
import { readResponse, type ByteSource, type ReadResponseOptions, type ResponseOutcome, type SourceListener } from './read-response.js';
import type { FramerEvent } from './response-framer.js';

const debug = debuglog('nettk');

export interface OpenOptions {
  host: string;
  port: number;
  tls?: boolean | DialTlsOptions | undefined;
  family?: 0 | 4 | 6;
  /** Deadline for lookup, connect and TLS handshake together. */
  connectTimeoutMs?: number;
  signal?: AbortSignal | undefined;
  onDialEvent?: ((event: DialEvent) => void) | undefined;
}

/** Unread bytes held between responses before the socket is paused (a server that talks unasked). */
const MAX_UNREAD_BYTES = 1024 * 1024;

/**
 * One TCP (or TLS) connection that carries HTTP/1.1 exchanges: bytes go out
 * with `send`, responses come back through `read`, one at a time. The socket
 * keeps one set of listeners for its whole life; bytes that arrive between
 * responses (pipelining, keep-alive) wait, capped, for the next reader.
 */
export class HttpConnection implements ByteSource {
  /** Responses read so far; > 0 means the next exchange reuses the connection. */
  responses = 0;
  private listener: SourceListener | undefined;
  private unread: Buffer[] = [];
  private unreadBytes = 0;
  private ended = false;
  private failure: Error | undefined;
  private sendError: Error | undefined;

  private constructor(readonly dialed: DialResult) {
    const socket = dialed.socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.listener) return this.listener.data(chunk);
      this.unread.push(chunk);
      this.unreadBytes += chunk.length;
      if (this.unreadBytes > MAX_UNREAD_BYTES) socket.pause();
    });
    const onEnd = (): void => {
      this.ended = true;
      this.listener?.end();
    };
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    // Always listened to: a reset between exchanges must not crash the process.
    socket.on('error', (err) => {
      this.failure ??= err;
      // EPIPE comes from a write: the server closed, but what it sent before may
      // still complete the response being read; the socket's close ends the read.
      if (errnoOf(err) === 'EPIPE') this.sendError ??= err;
      else this.listener?.error(err);
    });
  }

  static async open(options: OpenOptions): Promise<HttpConnection> {
    const dialed = await dial({
      host: options.host,
      port: options.port,
      family: options.family ?? 0,
      timeoutMs: options.connectTimeoutMs ?? 10_000,
      signal: options.signal,
      tls: options.tls,
      onEvent: options.onDialEvent,
    });
    debug('http connection to %s:%d from %s:%d', dialed.address, dialed.port, dialed.localAddress, dialed.localPort);
    return new HttpConnection(dialed);
  }

  /** Can another request go out on this connection? */
  get usable(): boolean {
    const s = this.dialed.socket;
    return !s.destroyed && !this.ended && this.failure === undefined && s.writable;
  }

  /** Write bytes; a failed write is remembered (the server may still have answered) and named by `exchange`. */
  send(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.dialed.socket.write(bytes, (err) => {
      if (err) this.sendError ??= err;
    });
  }

  /** The error a write met, if any: `EPIPE` when the server closed before taking the whole request. */
  get writeError(): Error | undefined {
    return this.sendError;
  }

  /**
   * Read one response (any 1xx, then the final one) within the deadlines;
   * events are delivered as bytes arrive, so a caller can stream the body.
   */
  async read(options: ReadResponseOptions, onEvent: (event: FramerEvent) => void | Promise<void>): Promise<ResponseOutcome> {
    if (this.failure) throw new NettkError('NETTK_ERR_NETWORK', `connection error: ${this.failure.message}`, { cause: this.failure });
    try {
      const outcome = await readResponse(this, options, onEvent);
      this.responses++;
      if (!outcome.keepAlive) this.close();
      return outcome;
    } catch (error) {
      this.close();
      throw error;
    }
  }

  attach(listener: SourceListener): void {
    this.listener = listener;
    while (this.unread.length > 0 && this.listener === listener) {
      const chunk = this.unread.shift()!;
      this.unreadBytes -= chunk.length;
      listener.data(chunk);
    }
    if (this.listener !== listener) return;
    if (this.failure) listener.error(this.failure);
    else if (this.ended || this.dialed.socket.destroyed) listener.end();
    else if (this.dialed.socket.isPaused()) this.dialed.socket.resume();
  }

  detach(unread: Buffer): void {
    this.listener = undefined;
    if (unread.length > 0) {
      this.unread.unshift(unread);
      this.unreadBytes += unread.length;
    }
  }

  pause(): void {
    this.dialed.socket.pause();
  }

  resume(): void {
    this.dialed.socket.resume();
  }

  /** Close now: the response is complete, there is nothing to wait for (no keep-alive timeout). */
  close(): void {
    const s = this.dialed.socket;
    if (!s.destroyed) s.destroy();
  }
}
