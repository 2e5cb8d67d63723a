export interface ChatServerOptions {
  /** Address to listen on (default 127.0.0.1: a chat is not exposed to the network unless asked). */
  host?: string;
  /** Port to listen on; 0 lets the kernel choose (default 9000). */
  port?: number;
  /** Clients at once; the next one gets a one-line refusal and is closed (default 1000). */
  maxClients?: number;
  /** Longest line accepted from a client, in bytes without its newline (default 4096). */
  maxLineBytes?: number;
  /** Bytes that may wait for one client; past this it is dropped as not reading (default 1 MiB). */
  maxQueueBytes?: number;
  /** Disconnect a client that sent nothing for this long, in ms (default 0: never). */
  idleTimeoutMs?: number;
  /** Line ending for everything the server sends (default "\n"; "\r\n" suits raw telnet clients). */
  eol?: '\n' | '\r\n';
  /** How long stop() waits for clients to read the shutdown notice before closing them hard (default 2000 ms). */
  shutdownGraceMs?: number;
  /** listen() backlog (default 511, capped by net.core.somaxconn). */
  backlog?: number;
}

export type ResolvedChatServerOptions = Required<ChatServerOptions>;

/** Why a client left. */
export type LeaveReason = 'quit' | 'closed' | 'error' | 'too-slow' | 'idle' | 'shutdown';

export interface ClientInfo {
  id: number;
  name: string;
  address: string;
  port: number;
}

export type ChatServerEvent =
  | { type: 'listening'; host: string; port: number; family: 4 | 6 }
  | ({ type: 'join'; online: number } & ClientInfo)
  | ({ type: 'leave'; reason: LeaveReason; detail: string; online: number; seconds: number } & ClientInfo)
  | ({ type: 'rename'; from: string } & ClientInfo)
  | ({ type: 'nick-refused'; requested: string; why: string } & ClientInfo)
  | ({ type: 'line-refused'; bytes: number; count: number } & ClientInfo)
  | { type: 'refused'; address: string; port: number; reason: 'full'; online: number }
  | { type: 'error'; message: string; code: string | undefined }
  | { type: 'stopped'; reason: string };

export type ChatServerEventType = ChatServerEvent['type'];

/** Event name → listener arguments, for the typed EventEmitter. `event` carries every event. */
export type ChatServerEventMap = {
  [K in ChatServerEventType | 'event']: K extends 'event' ? [ChatServerEvent] : [Extract<ChatServerEvent, { type: K }>];
};

export interface ChatServerStats {
  online: number;
  peakOnline: number;
  joined: number;
  left: number;
  /** Connections turned away because the server was full. */
  refused: number;
  /** Clients disconnected because they stopped reading. */
  dropped: number;
  /** Chat lines received and relayed (/me included). */
  linesIn: number;
  /** Lines handed to receivers: each relayed line counts once per receiver. */
  linesOut: number;
  bytesOut: number;
  /** Bytes waiting in every client's output queue now. */
  queuedBytes: number;
}

export const CHAT_DEFAULTS: ResolvedChatServerOptions = {
  host: '127.0.0.1',
  port: 9000,
  maxClients: 1000,
  maxLineBytes: 4096,
  maxQueueBytes: 1 << 20,
  idleTimeoutMs: 0,
  eol: '\n',
  shutdownGraceMs: 2000,
  backlog: 511,
};
