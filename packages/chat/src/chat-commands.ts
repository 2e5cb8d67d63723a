import type { ChatConnection } from './connection.js';
import type { ChatInput } from './input-parser.js';
import type { NameRegistry } from './names.js';
import { HELP_LINES, notice } from './notices.js';
import type { ChatServerEvent, LeaveReason } from './server-types.js';

/** What the command handlers need from the server. */
export interface ChatRoom {
  readonly names: NameRegistry<ChatConnection>;
  readonly maxLineBytes: number;
  readonly eol: Buffer;
  /** Every joined client, in join order. */
  clients(): Iterable<ChatConnection>;
  /** A server line to one client. */
  tell(client: ChatConnection, text: string): void;
  /** A server line to everyone but `about`. */
  announce(text: string, about: ChatConnection | undefined): void;
  /** A relayed line (already formatted into parts) to everyone but `from`. */
  relay(parts: Buffer[], from: ChatConnection): void;
  leave(client: ChatConnection, reason: LeaveReason, detail: string): void;
  publish(event: ChatServerEvent): void;
  countLineIn(): void;
}

/** Carry out one input line of `client`. */
export function handleInput(room: ChatRoom, client: ChatConnection, input: ChatInput): void {
  switch (input.type) {
    case 'say':
      room.countLineIn();
      room.relay([client.prefix, input.text, room.eol], client);
      return;
    case 'me':
      room.countLineIn();
      room.relay([client.actionPrefix, input.text, room.eol], client);
      return;
    case 'nick':
      rename(room, client, input.name);
      return;
    case 'who':
      room.tell(client, notice.online(namesOf(room)));
      return;
    case 'help':
      for (const line of HELP_LINES) room.tell(client, line);
      return;
    case 'quit':
      room.tell(client, notice.bye);
      room.leave(client, 'quit', input.message === '' ? 'quit' : `quit: ${input.message}`);
      return;
    case 'usage':
      room.tell(client, notice.usage(input.usage));
      return;
    case 'unknown':
      room.tell(client, notice.unknownCommand(input.command));
      return;
    case 'overlong': {
      client.overlongLines++;
      room.tell(client, notice.overlong(input.bytes, room.maxLineBytes));
      room.publish({ type: 'line-refused', ...client.info(), bytes: input.bytes, count: client.overlongLines });
      return;
    }
  }
}

function rename(room: ChatRoom, client: ChatConnection, requested: string): void {
  const from = client.name;
  if (requested === from) {
    room.tell(client, notice.youAre(from));
    return;
  }
  const why = room.names.rename(client, from, requested);
  if (why !== undefined) {
    room.tell(client, notice.nameRefused(printable(requested), why));
    room.publish({ type: 'nick-refused', ...client.info(), requested, why });
    return;
  }
  client.rename(requested);
  room.tell(client, notice.youAre(requested));
  room.announce(notice.renamed(from, requested), client);
  room.publish({ type: 'rename', ...client.info(), from });
}

export function namesOf(room: ChatRoom): string[] {
  const names: string[] = [];
  for (const c of room.clients()) if (c.gone === undefined) names.push(c.name);
  return names;
}

/** A refused name is echoed back in a notice: keep it short (it is already free of controls). */
function printable(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}
