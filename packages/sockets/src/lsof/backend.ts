import type { ListOptions, SocketEntry, SocketList } from '../model.js';
import { countHiddenOwners } from '../hidden.js';
import { runTool } from '../tool.js';
import { parseLsof, type LsofFile } from './parse-lsof.js';
import { ownerChooser } from '../proc/owners.js';

/**
 * Sockets from `lsof -nP -F`. lsof only sees sockets held by a process it can
 * read (no TIME_WAIT, nothing of other users when not root), which is why it
 * is never the auto choice; it is here for hosts where it is the only tool
 * and for comparing answers.
 */
export async function listFromLsof(options: ListOptions = {}): Promise<SocketList> {
  const protos = options.protos ?? ['tcp', 'udp'];
  let spec = '';
  if (options.family) spec += String(options.family);
  if (protos.length === 1) spec += protos[0]?.toUpperCase() ?? '';
  if (options.port !== undefined) spec += `:${options.port}`;
  // -w: no warnings on stderr; -F: field output; -T qs: queue sizes and state.
  const args = ['-nP', '-w', '-F', 'pcuLftdPnT', '-T', 'qs', spec === '' ? '-i' : `-i${spec}`];
  // lsof exits 1 when nothing matched: an answer, not a failure.
  const stdout = await runTool('lsof', args, [0, 1]);
  // A socket shared after fork() is listed once per process: keep the holder the proc walk would name.
  const byInode = new Map<number, LsofFile[]>();
  for (const f of parseLsof(stdout)) {
    if (!protos.includes(f.proto)) continue;
    const holders = byInode.get(f.inode);
    if (holders) holders.push(f);
    else byInode.set(f.inode, [f]);
  }
  const choose = ownerChooser();
  const rows: SocketEntry[] = [];
  for (const holders of byInode.values()) {
    const f = choose(holders) as LsofFile;
    rows.push({
      proto: f.proto,
      family: f.family,
      state: f.state,
      local: f.local,
      remote: f.remote,
      recvQ: f.recvQ,
      sendQ: f.sendQ,
      inode: f.inode,
      uid: f.uid,
      user: f.user,
      pid: f.pid,
      command: f.command,
      fd: f.fd,
    });
  }
  return { sockets: rows, backend: 'lsof', hiddenOwners: countHiddenOwners(rows) };
}
