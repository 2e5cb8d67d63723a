import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, toJson } from '@nettk/core';
import { summarize } from '@nettk/sockets';
import type { SocketsArgs } from '../commands/sockets.js';
import type { Io } from '../io.js';
import { noteHiddenOwners, renderTable } from './sockets-format.js';
import { runSocketsQuery, type SocketsQuery } from './sockets-query.js';
import { SOCKET_HEADER, socketRows } from './sockets.js';
import { summaryLines } from './sockets-summary.js';

/** One refresh of the live view: summary lines, then as many socket rows as fit. */
export async function watchFrame(query: SocketsQuery, io: Io, maxRows: number): Promise<string[]> {
  const list = await runSocketsQuery(query);
  const summary = summarize(list.sockets);
  const head = summaryLines({ ...summary, hotSpots: summary.hotSpots.slice(0, 4) }, io);
  const room = Math.max(3, maxRows - head.length - 3);
  const table = renderTable(SOCKET_HEADER, socketRows(list.sockets.slice(0, room)), io);
  const more = list.sockets.length > room ? [io.out.dim(`… ${list.sockets.length - room} more (narrow with --state, --port, --pid, --process)`)] : [];
  const hidden = list.hiddenOwners > 0 ? [io.out.dim(`${list.hiddenOwners} sockets owned by other users: run as root to see their processes`)] : [];
  return [...head, '', ...table, ...more, ...hidden];
}

/**
 * --watch: an ink live view on a terminal; with --ndjson one summary line per
 * refresh for scripts. Bounded by --count or the user (q, Ctrl-C).
 */
export async function watchSockets(query: SocketsQuery, args: SocketsArgs, io: Io): Promise<number> {
  const intervalMs = args.interval * 1000;
  if (io.mode === 'json') throw new UsageError('--watch streams: use --watch --ndjson, or --json without --watch');
  if (io.mode === 'ndjson') return streamSummaries(query, intervalMs, args.count, io);
  if (io.stdout.isTTY !== true || io.stdin.isTTY !== true) throw new UsageError('--watch needs a terminal: use --watch --ndjson for a stream');
  const { showSocketsWatch } = await import('../views/sockets-watch.js');
  await showSocketsWatch({ frame: (rows) => watchFrame(query, io, rows), intervalMs, count: args.count, io });
  return 0;
}

async function streamSummaries(query: SocketsQuery, intervalMs: number, count: number | undefined, io: Io): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  let noted = false;
  try {
    for (let i = 0; count === undefined || i < count; i++) {
      if (i > 0) await sleep(intervalMs, undefined, { signal: controller.signal }).catch(() => undefined);
      if (controller.signal.aborted) break;
      const list = await runSocketsQuery(query);
      if (!noted) noteHiddenOwners(io, list.hiddenOwners);
      noted = true;
      const s = summarize(list.sockets);
      io.print(toJson({ at: new Date().toISOString(), backend: list.backend, count: list.sockets.length, tcp: s.tcp.byState, udp: s.udp.byState, hotSpots: s.hotSpots }));
    }
  } finally {
    process.removeListener('SIGINT', stop);
  }
  return 0;
}
