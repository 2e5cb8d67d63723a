import type { Endpoint, Family, Proto, SocketEntry, SocketState } from '../model.js';
import { TextLines } from '../text-lines.js';

/**
 * One network file from `lsof -F pcuLftdPnT -T qs`: a socket entry whose owner
 * is always known (lsof lists open files), and whose uid is the owning
 * process's (lsof does not report the socket's own uid).
 */
export type LsofFile = Omit<SocketEntry, 'pid' | 'command' | 'fd'> & { pid: number; command: string; fd: number };

const STATES: ReadonlySet<string> = new Set([
  'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE',
  'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING',
]);

interface Process {
  pid: number;
  command: string;
  uid: number;
  user: string | null;
}

type FileFields = Partial<LsofFile> & { name?: string; type?: string; tqr?: number; tqs?: number };

/**
 * Parses lsof field output (lsof(8) "OUTPUT FOR OTHER PROGRAMS"): one field
 * per line, its first character naming it; a `p` line starts a process set,
 * an `f` line a file set inside it. Commands are taken whole, spaces and all.
 * Non-network files and fds that are not numbers (cwd, txt, mem) are skipped.
 */
export function parseLsof(text: string): LsofFile[] {
  const parser = new LsofParser();
  return [...parser.push(text), ...parser.end()];
}

/** parseLsof for output arriving in chunks: push(chunk) → the files completed by it. */
export class LsofParser {
  private readonly lines = new TextLines();
  private proc: Process | null = null;
  private file: FileFields | null = null;

  push(chunk: string): LsofFile[] {
    return this.fields(this.lines.push(chunk));
  }

  /** The last file set ends with the output. */
  end(): LsofFile[] {
    const files = this.fields(this.lines.end());
    this.flush(files);
    return files;
  }

  private flush(out: LsofFile[]): void {
    if (this.proc && this.file) {
      const done = finishFile(this.proc, this.file);
      if (done) out.push(done);
    }
    this.file = null;
  }

  private fields(lines: readonly string[]): LsofFile[] {
    const out: LsofFile[] = [];
    for (const line of lines) {
      if (line === '') continue;
      const tag = line[0];
      const value = line.slice(1);
      const file = this.file;
      if (tag === 'p') {
        this.flush(out);
        this.proc = { pid: Number(value), command: '', uid: -1, user: null };
      } else if (tag === 'f') {
        this.flush(out);
        this.file = { fd: /^\d+$/.test(value) ? Number(value) : -1 };
      } else if (file) {
        if (tag === 't') file.type = value;
        else if (tag === 'd') file.inode = Number(value);
        else if (tag === 'P') file.proto = value.toLowerCase() as Proto;
        else if (tag === 'n') file.name = value;
        else if (tag === 'T' && value.startsWith('ST=')) file.state = value.slice(3) as SocketState;
        else if (tag === 'T' && value.startsWith('QR=')) file.tqr = Number(value.slice(3));
        else if (tag === 'T' && value.startsWith('QS=')) file.tqs = Number(value.slice(3));
      } else if (this.proc) {
        if (tag === 'c') this.proc.command = value;
        else if (tag === 'u') this.proc.uid = Number(value);
        else if (tag === 'L') this.proc.user = value;
      }
    }
    return out;
  }
}

function finishFile(proc: Process, f: FileFields): LsofFile | null {
  const family: Family | null = f.type === 'IPv4' ? 4 : f.type === 'IPv6' ? 6 : null;
  if (family === null || (f.proto !== 'tcp' && f.proto !== 'udp') || f.name === undefined || f.fd === undefined || f.fd < 0) return null;
  const arrow = f.name.indexOf('->');
  const local = parseLsofEndpoint(arrow === -1 ? f.name : f.name.slice(0, arrow), family);
  const remote = arrow === -1 ? { address: family === 4 ? '0.0.0.0' : '::', port: 0 } : parseLsofEndpoint(f.name.slice(arrow + 2), family);
  let state: SocketState;
  if (f.proto === 'udp') state = arrow === -1 ? 'UNCONN' : 'ESTABLISHED';
  else state = f.state && STATES.has(f.state) ? f.state : 'UNKNOWN';
  return {
    pid: proc.pid,
    command: proc.command,
    uid: proc.uid,
    user: proc.user,
    fd: f.fd,
    proto: f.proto,
    family,
    state,
    local,
    remote,
    recvQ: f.tqr ?? 0,
    // lsof reads /proc/net/tcp, which has no backlog limit for listeners.
    sendQ: state === 'LISTEN' ? null : (f.tqs ?? 0),
    inode: f.inode ?? 0,
  };
}

/** "127.0.0.1:80", "[::1]:80", "*:80" (any address of the file's family). */
export function parseLsofEndpoint(text: string, family: Family): Endpoint {
  const colon = text.lastIndexOf(':');
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.startsWith('[')) host = host.slice(1, -1);
  if (host === '*') host = family === 4 ? '0.0.0.0' : '::';
  const percent = host.indexOf('%');
  if (percent !== -1) host = host.slice(0, percent);
  return { address: host, port: portText === '*' ? 0 : Number(portText) };
}
