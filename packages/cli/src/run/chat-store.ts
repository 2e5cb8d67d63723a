import type { ChatClient, ChatCloseInfo, ChatLine } from '@nettk/chat';
import { errnoOf } from '@nettk/core';

export type EntryKind = 'message' | 'action' | 'notice' | 'text' | 'own' | 'own-action' | 'local' | 'error';

/** One row of the message pane. Text is terminal-safe already. */
export interface ChatEntry {
  id: number;
  at: Date;
  kind: EntryKind;
  from?: string;
  text: string;
}

export interface ChatSnapshot {
  entries: readonly ChatEntry[];
  names: readonly string[];
  total: number;
  self: string | undefined;
  /** The server understands /commands (a nettk server welcomed us). */
  nettk: boolean;
  connected: boolean;
  status: string;
  server: string;
}

/** The part of ChatClient the UI model uses. */
export type ChatLink = Pick<ChatClient, 'on' | 'send' | 'close' | 'roster' | 'isClosed'>;

/** Messages kept in the pane; older ones scroll away for good. */
export const MAX_ENTRIES = 2000;

const LOCAL_HELP = [
  'Enter sends a line. PgUp/PgDn scroll, Ctrl-C or /quit leaves, /clear clears this pane.',
  'Server commands (nettk chat serve): /nick NAME, /who, /me ACTION, /help.',
];

/**
 * The chat UI's model, free of ink: what the message pane, the online list
 * and the status bar show, and what a submitted input line does.
 * Views subscribe to it (useSyncExternalStore).
 */
export class ChatStore {
  private entries: ChatEntry[] = [];
  private nextId = 1;
  private listeners = new Set<() => void>();
  private snapshot: ChatSnapshot;
  private connected = true;
  private status = 'connected';
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly link: ChatLink,
    private readonly server: string,
  ) {
    this.snapshot = this.build();
    link.on('line', (line) => this.ingest(line));
    link.on('close', (info) => this.closed(info));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatSnapshot => this.snapshot;

  /** One line from the server. */
  ingest(line: ChatLine): void {
    switch (line.kind) {
      case 'message':
        this.add('message', line.text, line.from);
        break;
      case 'action':
        this.add('action', line.text, line.from);
        break;
      case 'notice':
        this.add('notice', line.text);
        break;
      case 'overlong':
        this.add('error', line.text);
        break;
      default:
        this.add('text', line.text);
    }
  }

  /**
   * What the user typed. Returns 'quit' when the UI should close. Local
   * commands work against any server; /me and /nick only mean something to
   * a nettk server, so elsewhere they are sent as text, as nc would.
   */
  submit(input: string): 'quit' | undefined {
    const text = input.replace(/[\r\n]+/g, ' ').trimEnd();
    if (text === '') return undefined;
    const command = /^\/(\w+)\b/.exec(text)?.[1]?.toLowerCase();
    if (command === 'quit' || command === 'exit') {
      if (this.connected && this.link.roster.nettk) this.link.send(text);
      return 'quit';
    }
    if (command === 'clear') {
      this.entries = [];
      this.publish();
      return undefined;
    }
    if (!this.connected) {
      this.add('error', 'not connected: press Enter on an empty line or Ctrl-C to leave');
      return undefined;
    }
    if (command === 'help') for (const line of LOCAL_HELP) this.add('local', line);
    if (command === 'help' && !this.link.roster.nettk) return undefined;
    this.link.send(text);
    const self = this.link.roster.self ?? 'you';
    const nettk = this.link.roster.nettk;
    if (!nettk || command === undefined) this.add('own', nettk && text.startsWith('//') ? text.slice(1) : text, self);
    else if (command === 'me') this.add('own-action', text.slice(4), self);
    // Other nettk commands (/nick, /who, /help) show the server's answer instead.
    return undefined;
  }

  private closed(info: ChatCloseInfo): void {
    this.connected = false;
    const why = info.error ? `connection error: ${errnoOf(info.error) ?? info.error.message}` : info.byPeer ? 'the server closed the connection' : 'closed';
    this.status = `disconnected: ${why}`;
    this.add('error', `${this.status}. Press Enter or Ctrl-C to leave.`);
  }

  private add(kind: EntryKind, text: string, from?: string): void {
    this.entries.push({ id: this.nextId++, at: new Date(), kind, text, ...(from !== undefined ? { from } : {}) });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    this.publish();
  }

  /** Many lines in one tick make one new snapshot: the view re-renders once, not per line. */
  private publish(): void {
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.snapshot = this.build();
      for (const listener of this.listeners) listener();
    });
  }

  /** Stop pending updates (the UI is going away). */
  dispose(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.listeners.clear();
  }

  private build(): ChatSnapshot {
    const { roster } = this.link;
    return {
      entries: [...this.entries],
      names: [...roster.names],
      total: roster.total,
      self: roster.self,
      nettk: roster.nettk,
      connected: this.connected,
      status: this.status,
      server: this.server,
    };
  }
}
