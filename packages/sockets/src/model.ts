/**
 * One socket, whichever backend reported it. For LISTEN sockets the kernel
 * reuses the queue fields: recvQ = current accept queue, sendQ = backlog limit
 * (see REFERENCE.md "ss / lsof / procfs").
 */
export type Proto = 'tcp' | 'udp';
export type Family = 4 | 6;

/** Kernel TCP state names (include/net/tcp_states.h); UNCONN = unconnected UDP. */
export type SocketState =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'NEW_SYN_RECV'
  | 'UNCONN'
  | 'UNKNOWN';

export interface Endpoint {
  address: string;
  port: number;
}

export interface SocketEntry {
  proto: Proto;
  family: Family;
  state: SocketState;
  local: Endpoint;
  remote: Endpoint;
  recvQ: number;
  /**
   * null where the backend cannot know: the proc backend has no backlog limit
   * for listeners (only netlink sock_diag exports sk_max_ack_backlog).
   */
  sendQ: number | null;
  /** 0 for sockets no longer attached to a file (TIME_WAIT, SYN_RECV). */
  inode: number;
  uid: number;
  user: string | null;
  pid: number | null;
  command: string | null;
  fd: number | null;
}

export type BackendName = 'ss' | 'proc' | 'lsof';
export type BackendChoice = 'auto' | BackendName;

export interface ListOptions {
  backend?: BackendChoice;
  /** Restrict to these protocols (default both). */
  protos?: readonly Proto[];
  /** Restrict to one address family (default both). */
  family?: Family;
  /** Skip owner lookup (pid/command/fd stay null): much cheaper on busy hosts. */
  owners?: boolean;
  /**
   * Only sockets with this local or remote port. Backends use it to avoid
   * reading the owners of sockets that are filtered out anyway.
   */
  port?: number;
  /**
   * The answer needs listeners' backlog limits (sendQ of LISTEN sockets),
   * which only ss knows (netlink sock_diag). With backend auto this picks ss;
   * without it auto reads /proc, which gives the same answer otherwise, faster.
   */
  listenerBacklog?: boolean;
}

export interface SocketList {
  sockets: SocketEntry[];
  backend: BackendName;
  /** Sockets whose owner is invisible to us (other users' sockets, not root). */
  hiddenOwners: number;
}

/** Kernel state numbers as printed in /proc/net/tcp (include/net/tcp_states.h). */
export const TCP_STATE_BY_CODE: Readonly<Record<number, SocketState>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};
