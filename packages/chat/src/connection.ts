import { monotonicMs } from '@nettk/core';
import type { Socket } from 'node:net';
import { ChatInputParser } from './input-parser.js';
import type { ClientInfo, LeaveReason } from './server-types.js';

/**
 * One joined client: its socket, name and line parser, and the guard on its
 * output queue. The server owns the policy; this owns the per-socket facts.
 */
export class ChatConnection {
  name: string;
  /** `<name> `, built once per name: every relayed line starts with it. */
  prefix: Buffer;
  /** `* name `, the start of a /me line. */
  actionPrefix: Buffer;
  readonly parser: ChatInputParser;
  readonly address: string;
  readonly port: number;
  readonly joinedAt = monotonicMs();
  lastInputAt = monotonicMs();
  overlongLines = 0;
  /** Set once the client has left; nothing is written after that. */
  gone: LeaveReason | undefined;
  /** The socket error that ended the connection, if one did. */
  error: Error | undefined;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    name: string,
    maxLineBytes: number,
    private readonly maxQueueBytes: number,
  ) {
    this.name = name;
    this.prefix = Buffer.from(`<${name}> `);
    this.actionPrefix = Buffer.from(`* ${name} `);
    this.parser = new ChatInputParser(maxLineBytes);
    this.address = socket.remoteAddress ?? '?';
    this.port = socket.remotePort ?? 0;
  }

  rename(name: string): void {
    this.name = name;
    this.prefix = Buffer.from(`<${name}> `);
    this.actionPrefix = Buffer.from(`* ${name} `);
  }

  /**
   * Queue bytes for this client. Returns false when its backlog, not counting
   * what was just handed over, is past the cap: the client has stopped reading
   * and must be dropped. The batch itself is excluded so that one large tick
   * of traffic cannot get a healthy reader dropped.
   */
  write(data: Buffer): boolean {
    if (this.gone !== undefined || this.socket.destroyed) return true;
    this.socket.write(data);
    return this.socket.writableLength - data.length <= this.maxQueueBytes;
  }

  get queuedBytes(): number {
    return this.socket.destroyed ? 0 : this.socket.writableLength;
  }

  info(): ClientInfo {
    return { id: this.id, name: this.name, address: this.address, port: this.port };
  }
}
