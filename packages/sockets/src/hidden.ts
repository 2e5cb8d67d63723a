import type { SocketEntry } from './model.js';

/**
 * Sockets whose owning process we could not see because another user owns
 * them and we are not root (ss -p and lsof are equally blind there; we say so
 * instead of hiding it). Sockets with inode 0 (TIME_WAIT) have no owner at all.
 */
export function countHiddenOwners(sockets: readonly SocketEntry[], uid = process.getuid?.() ?? 0): number {
  if (uid === 0) return 0;
  let hidden = 0;
  for (const s of sockets) if (s.pid === null && s.inode !== 0 && s.uid !== uid) hidden++;
  return hidden;
}
