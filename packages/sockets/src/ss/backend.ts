import type { ListOptions, SocketEntry, SocketList } from '../model.js';
import { countHiddenOwners } from '../hidden.js';
import { ownerChooser, readComm } from '../proc/owners.js';
import { userName } from '../users.js';
import { runTool } from '../tool.js';
import { parseSs } from './parse-ss.js';

/**
 * Sockets from `ss` (iproute2). Columns are kept stable by -H (no header),
 * -n (no name lookups), -e (ino/uid) and -p (owners); state filters are applied
 * by the caller, because an ss `state` filter removes the State column.
 */
export async function listFromSs(options: ListOptions = {}): Promise<SocketList> {
  const args = ['-H', '-n', '-a', '-e'];
  if (options.owners !== false) args.push('-p');
  const protos = options.protos ?? ['tcp', 'udp'];
  if (protos.includes('tcp')) args.push('-t');
  if (protos.includes('udp')) args.push('-u');
  if (options.family) args.push(`-${options.family}`);
  if (options.port !== undefined) args.push(`( sport = :${options.port} or dport = :${options.port} )`);
  const stdout = await runTool('ss', args);
  const names = new Map<number, string | null>();
  const choose = ownerChooser();
  const sockets: SocketEntry[] = parseSs(stdout, protos[0]).map((row) => {
    const owner = choose(row.owners);
    if (owner && !names.has(owner.pid)) names.set(owner.pid, readComm('/proc', owner.pid));
    return {
      proto: row.proto,
      family: row.family,
      state: row.state,
      local: row.local,
      remote: row.remote,
      recvQ: row.recvQ,
      sendQ: row.sendQ,
      inode: row.inode,
      uid: row.uid,
      user: userName(row.uid),
      pid: owner?.pid ?? null,
      // ss reads the name from /proc/PID/stat with sscanf("(%[^)]"), cutting it at the first ")":
      // the kernel's comm is the real name.
      command: owner ? (names.get(owner.pid) ?? owner.command) : null,
      fd: owner?.fd ?? null,
    };
  });
  return { sockets, backend: 'ss', hiddenOwners: options.owners === false ? 0 : countHiddenOwners(sockets) };
}
