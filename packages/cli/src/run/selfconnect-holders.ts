import { formatHostPort } from '@nettk/core';
import { listSockets, type SocketEntry } from '@nettk/sockets';
import { safe } from './sockets-format.js';

/** Who holds a local port, from @nettk/sockets (procfs: no child process, owners as ss -p sees them). */
export interface PortHolders {
  /** LISTEN sockets on the port. */
  listeners: SocketEntry[];
  /** Every other TCP socket whose local port is the port (connections, TIME_WAIT, ...). */
  others: SocketEntry[];
  /** Sockets whose owner we cannot see (another user's, while not root). */
  hiddenOwners: number;
}

/**
 * Sockets whose local port is `port`. Naming owners walks /proc/PID/fd of
 * every process (tens of thousands of links on a busy host): pass
 * `owners: false` when only states and addresses matter.
 */
export async function findPortHolders(port: number, options: { owners?: boolean } = {}): Promise<PortHolders> {
  const list = await listSockets({ backend: 'proc', protos: ['tcp'], port, owners: options.owners ?? true });
  const mine = list.sockets.filter((s) => s.local.port === port);
  return {
    listeners: mine.filter((s) => s.state === 'LISTEN'),
    others: mine.filter((s) => s.state !== 'LISTEN'),
    hiddenOwners: list.hiddenOwners,
  };
}

/** `pid 1234 (node), fd 21, user root`, or why the owner is unknown. */
export function describeOwner(entry: SocketEntry): string {
  if (entry.pid !== null) {
    const parts = [`pid ${entry.pid} (${safe(entry.command ?? '?')})`];
    if (entry.fd !== null) parts.push(`fd ${entry.fd}`);
    if (entry.user !== null) parts.push(`user ${entry.user}`);
    return parts.join(', ');
  }
  if (entry.state === 'TIME_WAIT') return 'no process: the kernel keeps TIME_WAIT';
  return `an owner we cannot see (uid ${entry.uid}; run as root to name it)`;
}

/** `LISTEN 0.0.0.0:6379` / `TIME_WAIT 127.0.0.1:41000->127.0.0.1:41000`. */
export function describeSocket(entry: SocketEntry): string {
  const local = formatHostPort(entry.local.address, entry.local.port);
  if (entry.state === 'LISTEN') return `LISTEN ${local}`;
  return `${entry.state} ${local}->${formatHostPort(entry.remote.address, entry.remote.port)}`;
}

/** One self-connection in the kernel's table: local and remote are the same address:port. */
export function isSelfPair(entry: SocketEntry, address: string, port: number): boolean {
  return (
    entry.local.port === port && entry.remote.port === port && sameAddress(entry.local.address, address) && sameAddress(entry.remote.address, address)
  );
}

function sameAddress(a: string, b: string): boolean {
  const norm = (x: string): string => x.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  return norm(a) === norm(b);
}
