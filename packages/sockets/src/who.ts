import { sortSockets } from './filters.js';
import { listSockets } from './list.js';
import type { BackendChoice, Family, SocketEntry } from './model.js';
import { commandLine } from './process-info.js';

export interface Holder extends SocketEntry {
  /** Full command line of the owning process (/proc/PID/cmdline), when visible. */
  commandLine: string | null;
  /** Which end of the socket has the port: a listener or server side (local) or a client (remote). */
  side: 'local' | 'remote';
}

export interface WhoQuery {
  port: number;
  /** Only sockets with one of these addresses at the port's end (IP literals as the model prints them). */
  addresses?: readonly string[];
  family?: Family;
  backend?: BackendChoice;
}

export interface WhoReport {
  port: number;
  addresses: string[] | null;
  holders: Holder[];
  backend: string;
  hiddenOwners: number;
}


/**
 * The `lsof -i :PORT` answer: listeners and connections with this port at
 * either end. With an address, a wildcard listener (0.0.0.0 / ::) still
 * counts: it accepts connections to that address too.
 */
export async function whoHolds(query: WhoQuery): Promise<WhoReport> {
  const list = await listSockets({
    port: query.port,
    ...(query.backend ? { backend: query.backend } : {}),
    ...(query.family ? { family: query.family } : {}),
  });
  const wanted = query.addresses ? new Set(query.addresses.flatMap((a) => [a, `::ffff:${a}`])) : undefined;
  const anyV4 = query.addresses?.some((a) => !a.includes(':')) ?? false;
  // A wildcard listener accepts connections to the address asked about; "::" is dual-stack unless v6only.
  const matchAt = (address: string): boolean => wanted === undefined || wanted.has(address) || address === '::' || (address === '0.0.0.0' && anyV4);
  const holders: Holder[] = [];
  const lines = new Map<number, string | null>();
  for (const s of sortSockets(list.sockets)) {
    let side: Holder['side'] | null = null;
    if (s.local.port === query.port && matchAt(s.local.address)) side = 'local';
    else if (s.remote.port === query.port && s.state !== 'LISTEN' && matchAt(s.remote.address)) side = 'remote';
    if (side === null) continue;
    let line: string | null = null;
    if (s.pid !== null) {
      if (!lines.has(s.pid)) lines.set(s.pid, commandLine(s.pid));
      line = lines.get(s.pid) ?? null;
    }
    // The entry is ours (fresh from the backend): extending it in place spares a copy of 20k sockets.
    const holder = s as Holder;
    holder.commandLine = line;
    holder.side = side;
    holders.push(holder);
  }
  return { port: query.port, addresses: query.addresses ? [...query.addresses] : null, holders, backend: list.backend, hiddenOwners: list.hiddenOwners };
}
