import { serviceForPort } from '@nettk/core';
import { acceptQueueFull, compareSockets } from './filters.js';
import type { Family, ListOptions, Proto, SocketEntry } from './model.js';
import { listSockets } from './list.js';

export interface Listener extends SocketEntry {
  /** Well-known name of the port (core services table), or null. */
  service: string | null;
  /** Accept queue over the backlog: new handshakes are being dropped. null = backlog unknown (proc backend). */
  queueFull: boolean | null;
}

export interface ListenersOptions extends Pick<ListOptions, 'backend'> {
  protos?: readonly Proto[];
  family?: Family;
}

export interface ListenersReport {
  listeners: Listener[];
  backend: string;
  hiddenOwners: number;
}

/** A bound UDP socket with no peer is UDP's listener (ss -uln shows these). */
export function isListener(s: SocketEntry): boolean {
  return (s.proto === 'tcp' && s.state === 'LISTEN') || (s.proto === 'udp' && s.state === 'UNCONN' && s.local.port !== 0);
}

export function toListener(s: SocketEntry): Listener {
  return { ...s, service: serviceForPort(s.local.port) ?? null, queueFull: acceptQueueFull(s) };
}

/** The `ss -tulnp` / `lsof -iTCP -sTCP:LISTEN` answer: every listening socket, sorted by port. */
export async function listListeners(options: ListenersOptions = {}): Promise<ListenersReport> {
  const list = await listSockets({
    listenerBacklog: true,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.protos ? { protos: options.protos } : {}),
    ...(options.family ? { family: options.family } : {}),
  });
  const listeners = list.sockets.filter(isListener).sort(compareSockets).map(toListener);
  return { listeners, backend: list.backend, hiddenOwners: list.hiddenOwners };
}
