import { UsageError, parsePort } from '@nettk/core';
import { CONNECTED_STATES, filterSockets, listSockets, parseStates, type SocketEntry, type SocketFilter, type SocketList, type SocketState, sortSockets } from '@nettk/sockets';
import type { SocketsArgs } from '../commands/sockets.js';
import { familyOf, protosOf } from './sockets-format.js';

export interface SocketsQuery {
  filter: SocketFilter;
  load: () => Promise<SocketList>;
}

/** Flags → one reusable query (the watch loop runs it every interval). */
export function planSocketsQuery(args: SocketsArgs): SocketsQuery {
  if (args.pid !== undefined && (!Number.isInteger(args.pid) || args.pid < 1)) throw new UsageError(`bad --pid "${args.pid}": a process id`);
  if (args.process !== undefined && args.process.trim() === '') throw new UsageError('empty --process name');
  const port = args.port === undefined ? undefined : parsePort(String(args.port));
  // ss -s ignores filters; so does --summary unless states are asked for.
  let states: ReadonlySet<SocketState> | undefined = args.summary ? undefined : CONNECTED_STATES;
  if (args.state && args.state.length > 0) states = parseStates(args.state.map(String));
  const filter: SocketFilter = {
    ...(states ? { states } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(args.pid !== undefined ? { pid: args.pid } : {}),
    ...(args.process !== undefined ? { process: args.process } : {}),
  };
  const family = familyOf(args);
  const protos = protosOf(args);
  const options = {
    backend: args.backend,
    // Listener backlogs only matter when LISTEN rows are shown: then auto asks ss.
    listenerBacklog: states === undefined || states.has('LISTEN'),
    ...(family ? { family } : {}),
    ...(protos ? { protos } : {}),
    ...(port !== undefined ? { port } : {}),
  };
  return { filter, load: () => listSockets(options) };
}

export async function runSocketsQuery(query: SocketsQuery): Promise<SocketList> {
  const list = await query.load();
  const sockets: SocketEntry[] = sortSockets(filterSockets(list.sockets, query.filter));
  return { ...list, sockets };
}
