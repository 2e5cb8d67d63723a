import { monotonicMs } from '@nettk/core';
import { debuglog } from 'node:util';
import type { Family, ListOptions, Proto, SocketEntry, SocketList } from '../model.js';
import { countHiddenOwners } from '../hidden.js';
import { userName } from '../users.js';
import { parseProcNet, type ProcRow } from './parse-net.js';
import { readSocketOwners } from './owners.js';
import { readProcFile } from './read-proc-file.js';

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
  const rows: ProcRow[] = [];
  const port = options.port;
  const keep = port === undefined ? undefined : (l: number, r: number) => l === port || r === port;
  for (const table of TABLES) {
    if (options.protos && !options.protos.includes(table.proto)) continue;
    if (options.family && options.family !== table.family) continue;
    let text: Buffer;
    try {
      text = readProcFile(`${procRoot}/net/${table.file}`);
    } catch {
      continue; // IPv6 disabled: the table does not exist
    }
    for (const row of parseProcNet(text, table.proto, table.family, keep)) rows.push(row);
  }
  const parsed = monotonicMs();
  const wantOwners = options.owners !== false;
  let owners: ReturnType<typeof readSocketOwners> | undefined;
  if (wantOwners) {
    // Without a filter every socket is wanted: a full walk is cheaper than building the set.
    const wanted = port === undefined ? undefined : new Set(rows.filter((r) => r.inode !== 0).map((r) => r.inode));
    owners = readSocketOwners(wanted, procRoot);
  }
  for (const row of rows) {
    row.user = userName(row.uid);
    const owner = row.inode === 0 ? undefined : owners?.get(row.inode);
    if (owner) {
      row.pid = owner.pid;
      row.command = owner.command;
      row.fd = owner.fd;
    }
  }
  const sockets: SocketEntry[] = rows;
  debug('proc: %d sockets read in %d ms, owners in %d ms', rows.length, Math.round(parsed - started), Math.round(monotonicMs() - parsed));
  return { sockets, backend: 'proc', hiddenOwners: wantOwners ? countHiddenOwners(sockets) : 0 };
}
