import type { Endpoint, Family, Proto, SocketEntry, SocketState } from '../model.js';
import type { Owner } from '../proc/owners.js';
import { TextLines } from '../text-lines.js';

/** One `ss -H -n -a -e -p` row, before user names are attached. */
export interface SsRow extends Pick<SocketEntry, 'proto' | 'family' | 'state' | 'local' | 'remote' | 'recvQ' | 'inode' | 'uid'> {
  /** ss always knows the send queue (for a listener: the backlog limit). */
  sendQ: number;
  /** Every process holding the socket, in ss's order. */
  owners: Owner[];
}

// ss's names (misc/ss.c sstate_name); UNCONN is TCP_CLOSE.
const STATES: Readonly<Record<string, SocketState>> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

/**
 * Parses `ss -H -n -a -e -p [-t] [-u]` output. The Netid column only exists
 * when several socket types were asked for, so it is recognised, not assumed.
 * Process names may hold spaces, quotes or parentheses (ss prints comm raw),
 * so the users:((...)) list is read entry by entry, never split on spaces.
 */
export function parseSs(text: string, defaultProto: Proto = 'tcp'): SsRow[] {
  const parser = new SsParser(defaultProto);
  return [...parser.push(text), ...parser.end()];
}

/** parseSs for output arriving in chunks: push(chunk) → the rows completed by it. */
export class SsParser {
  private readonly lines = new TextLines();

  constructor(private readonly defaultProto: Proto = 'tcp') {}

  push(chunk: string): SsRow[] {
    return this.rows(this.lines.push(chunk));
  }

  end(): SsRow[] {
    return this.rows(this.lines.end());
  }

  private rows(lines: readonly string[]): SsRow[] {
    const rows: SsRow[] = [];
    for (const line of lines) {
      const row = line === '' ? null : parseSsLine(line, this.defaultProto);
      if (row) rows.push(row);
    }
    return rows;
  }
}

export function parseSsLine(line: string, defaultProto: Proto = 'tcp'): SsRow | null {
  const tokens: string[] = [];
  let at = 0;
  while (tokens.length < 6 && at < line.length) {
    while (isSpace(line.charCodeAt(at))) at++;
    const from = at;
    while (at < line.length && !isSpace(line.charCodeAt(at))) at++;
    if (at > from) tokens.push(line.slice(from, at));
  }
  let i = 0;
  let proto = defaultProto;
  if (tokens[0] === 'tcp' || tokens[0] === 'udp') {
    proto = tokens[0];
    i = 1;
  } else if (tokens.length === 6) {
    at -= (tokens[5] ?? '').length; // no Netid column: the sixth token belongs to the rest
  }
  const [ssState, recvText, sendText, localText, remoteText] = tokens.slice(i, i + 5);
  const recvQ = Number(recvText);
  const sendQ = Number(sendText);
  if (!ssState || !localText || !remoteText || !Number.isFinite(recvQ) || !Number.isFinite(sendQ)) return null;
  const local = parseSsEndpoint(localText);
  const remote = parseSsEndpoint(remoteText);
  const rest = line.slice(at);
  let state = STATES[ssState] ?? 'UNKNOWN';
  if (proto === 'udp' && state === 'CLOSE') state = 'UNCONN';
  return {
    proto,
    family: local.family,
    state,
    local: { address: local.address, port: local.port },
    remote: { address: remote.address, port: remote.port },
    recvQ,
    sendQ,
    inode: detail(rest, ' ino:'),
    // ss -e prints uid only when it is not 0 (misc/ss.c inet_show_sock).
    uid: detail(rest, ' uid:'),
    owners: parseUsers(rest),
  };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** The number after " ino:" / " uid:" in the details ss -e appends; 0 when absent. */
function detail(rest: string, key: string): number {
  // Searched after the users list, whose process names could contain the key.
  const users = rest.lastIndexOf('))');
  const at = rest.indexOf(key, users === -1 ? 0 : users);
  if (at === -1) return 0;
  let n = 0;
  for (let i = at + key.length; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

const ENTRY_TAIL = /^",pid=(\d+),fd=(\d+)\)/;

/** users:(("nginx",pid=10,fd=6),("nginx",pid=11,fd=6)) → owners. */
export function parseUsers(text: string): Owner[] {
  const start = text.indexOf('users:((');
  if (start === -1) return [];
  const owners: Owner[] = [];
  let at = start + 'users:('.length;
  while (text.startsWith('("', at)) {
    // The name ends at the first `",pid=N,fd=N)`: a quote inside a name is printed raw.
    let search = at + 2;
    let tail: RegExpExecArray | null = null;
    let quote = -1;
    while (tail === null) {
      quote = text.indexOf('",pid=', search);
      if (quote === -1) return owners;
      tail = ENTRY_TAIL.exec(text.slice(quote, quote + 40));
      search = quote + 1;
    }
    owners.push({ command: text.slice(at + 2, quote), pid: Number(tail[1]), fd: Number(tail[2]) });
    at = quote + tail[0].length;
    if (text[at] !== ',') break;
    at++;
  }
  return owners;
}

/**
 * "127.0.0.1:80", "[::1]:80", "[fe80::1]%eth0:22", "127.0.0.1%lo:53",
 * "*:80" (IPv6 any, dual-stack), "0.0.0.0:*" (no port) → endpoint. The
 * interface suffix is dropped: procfs does not report it.
 */
export function parseSsEndpoint(text: string): Endpoint & { family: Family } {
  const colon = text.lastIndexOf(':');
  if (colon === -1) throw new Error(`bad ss address ${JSON.stringify(text)}`);
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  const port = portText === '*' ? 0 : Number(portText);
  const percent = host.lastIndexOf('%');
  if (percent !== -1) host = host.slice(0, percent);
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'));
  if (host === '*') return { address: '::', port, family: 6 };
  return { address: host, port, family: host.includes(':') ? 6 : 4 };
}
