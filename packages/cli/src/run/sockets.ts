import { UsageError, toJson } from '@nettk/core';
import { stateLabel, summarize, type SocketEntry } from '@nettk/sockets';
import type { SocketsArgs } from '../commands/sockets.js';
import type { Io } from '../io.js';
import { endpoint, noteHiddenOwners, ownerCells, protoLabel, printLines, renderTable } from './sockets-format.js';
import { planSocketsQuery, runSocketsQuery } from './sockets-query.js';
import { summaryLines } from './sockets-summary.js';

function validate(args: SocketsArgs): void {
  if (!Number.isFinite(args.interval) || args.interval < 0.1) throw new UsageError(`bad --interval "${args.interval}": seconds >= 0.1`);
  if (args.count !== undefined && (!Number.isInteger(args.count) || args.count < 1)) throw new UsageError(`bad --count "${args.count}": a whole number >= 1`);
  if (args.count !== undefined && !args.watch) throw new UsageError('--count only applies to --watch');
}

export function socketRows(sockets: readonly SocketEntry[]): string[][] {
  return sockets.map((s) => [protoLabel(s), stateLabel(s.state), String(s.recvQ), s.sendQ === null ? '?' : String(s.sendQ), endpoint(s.local), endpoint(s.remote, true), ...ownerCells(s)]);
}

export const SOCKET_HEADER = ['PROTO', 'STATE', 'RECV-Q', 'SEND-Q', 'LOCAL', 'PEER', 'PID', 'COMMAND', 'USER'] as const;

export async function runSockets(args: SocketsArgs, io: Io): Promise<number> {
  validate(args);
  const query = planSocketsQuery(args);
  if (args.watch) {
    const { watchSockets } = await import('./sockets-watch.js');
    return watchSockets(query, args, io);
  }
  const list = await runSocketsQuery(query);
  noteHiddenOwners(io, list.hiddenOwners);
  if (args.summary) {
    const summary = summarize(list.sockets);
    if (io.mode === 'human') printLines(io, summaryLines(summary, io));
    else io.print(toJson({ backend: list.backend, hiddenOwners: list.hiddenOwners, summary }));
    return 0;
  }
  if (io.mode === 'json') {
    // Plain JSON.stringify: the model holds only strings, numbers and null, and toJson's replacer costs 40 ms per 20k sockets.
    io.print(JSON.stringify({ backend: list.backend, hiddenOwners: list.hiddenOwners, count: list.sockets.length, sockets: list.sockets }));
  } else if (io.mode === 'ndjson') {
    // One write: 100k small writes to a pipe cost more than the listing itself.
    io.stdout.write(list.sockets.map((s) => JSON.stringify(s) + '\n').join(''));
  } else if (list.sockets.length === 0) {
    io.note('nettk: no sockets match');
  } else {
    printLines(io, renderTable(SOCKET_HEADER, socketRows(list.sockets), io));
  }
  return 0;
}
