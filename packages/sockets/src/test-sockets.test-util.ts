import type { SocketEntry } from './model.js';

/** A socket with defaults for unit tests of filters, summaries and findings. */
export function sock(over: Partial<SocketEntry> & Pick<SocketEntry, 'state'>): SocketEntry {
  return {
    proto: 'tcp',
    family: 4,
    local: { address: '127.0.0.1', port: 1000 },
    remote: { address: '127.0.0.1', port: 2000 },
    recvQ: 0,
    sendQ: 0,
    inode: 1,
    uid: 0,
    user: 'root',
    pid: 10,
    command: 'app',
    fd: 3,
    ...over,
  };
}
