import { monotonicMs } from '@nettk/core';
import { debuglog } from 'node:util';
import type { Family, ListOptions, Proto, SocketEntry, SocketList } from '../model.js';
import { countHiddenOwners } from '../hidden.js';
import { userName } from '../users.js';
import { InodeIndex } from './inode-index.js';
import { walkOwners, type OwnerTable } from './owner-walk.js';
import type { ProcRow } from './parse-net.js';
import { readProcRows } from './read-proc-file.js';

const debug = debuglog('nettk');

const TABLES: ReadonlyArray<{ proto: Proto; family: Family; file: string }> = [
  { proto: 'tcp', family: 4, file: 'tcp' },
  { proto: 'tcp', family: 6, file: 'tcp6' },
  { proto: 'udp', family: 4, file: 'udp' },
  { proto: 'udp', family: 6, file: 'udp6' },
];

/** Sockets from procfs alone: no external program, works in minimal containers. */
export async function listFromProc(options: ListOptions = {}, procRoot = '/proc'): Promise<SocketList> {
  const started = monotonicMs();
  const wantOwners = options.owners !== false;
  const rows: ProcRow[] = [];
  const port = options.port;
  const keep = port === undefined ? undefined : (l: number, r: number) => l === port || r === port;
  for (const table of TABLES) {
    if (options.protos && !options.protos.includes(table.proto)) continue;
    if (options.family && options.family !== table.family) continue;
    try {
      readProcRows(`${procRoot}/net/${table.file}`, table.proto, table.family, keep, rows);
    } catch {
      continue; // IPv6 disabled: the table does not exist
    }
  }
  const parsed = monotonicMs();
  let owners: OwnerTable | undefined;
  if (wantOwners) {
    // Without a filter every socket is wanted: a full walk is cheaper than building the set.
    const wanted = port === undefined ? null : InodeIndex.wanted(rows.map((r) => r.inode), rows.length);
    const stats = { processes: 0, links: 0 };
    owners = walkOwners(procRoot, wanted, stats);
    debug('owners: %d sockets, %d links read in %d processes', owners.inodes.length, stats.links, stats.processes);
  }
  for (const row of rows) {
    row.user = userName(row.uid);
    const i = row.inode === 0 || !owners ? undefined : owners.index.get(row.inode);
    if (owners && i !== undefined && i >= 0) {
      const pid = owners.pids[i] as number;
      row.pid = pid;
      row.command = owners.commands.get(pid) ?? '?';
      row.fd = owners.fds[i] as number;
    }
  }
  const sockets: SocketEntry[] = rows;
  debug('proc: %d sockets read in %d ms, owners in %d ms', rows.length, Math.round(parsed - started), Math.round(monotonicMs() - parsed));
  return { sockets, backend: 'proc', hiddenOwners: wantOwners ? countHiddenOwners(sockets) : 0 };
}
