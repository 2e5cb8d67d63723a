import { afterEach } from 'vitest';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createChatServer, type ChatServer, type ChatServerEvent, type ChatServerOptions } from '@nettk/chat';
import { NETTK_BIN } from './helpers/nettk.js';

type Matcher = string | RegExp | ((line: string) => boolean);

const matches = (m: Matcher, line: string): boolean => (typeof m === 'string' ? line === m : m instanceof RegExp ? m.test(line) : m(line));

/**
 * A chat client for tests: a plain node:net socket that collects received
 * lines, like `nc` would show them. Every wait has a deadline.
 */
export class LineClient {
  readonly lines: string[] = [];
  private partial = '';
  private waiters = new Set<() => void>();
  readonly closed: Promise<void>;
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const parts = (this.partial + text).split('\n');
      this.partial = parts.pop()!;
      for (const p of parts) this.lines.push(p.replace(/\r$/, ''));
      for (const w of this.waiters) w();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        for (const w of this.waiters) w();
        resolve();
      }),
    );
  }

  static open(port: number, host = '127.0.0.1'): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.removeListener('error', reject);
        resolve(new LineClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Connect and wait for the welcome; returns the client and its assigned name. */
  static async join(port: number): Promise<LineClient & { name: string }> {
    const c = await LineClient.open(port);
    const welcome = await c.waitFor(/^\*\*\* Welcome to nettk chat, /);
    await c.waitFor(/^\*\*\* Online \(/);
    return Object.assign(c, { name: /chat, (\S+)!/.exec(welcome)![1]! });
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** The first received line matching, waiting up to timeoutMs for it. */
  waitFor(m: Matcher, timeoutMs = 5000): Promise<string> {
    // Scan each line once, however many times data arrives: floods of lines stay linear.
    let from = 0;
    const find = (): string | undefined => {
      for (; from < this.lines.length; from++) if (matches(m, this.lines[from]!)) return this.lines[from];
      return undefined;
    };
    return this.until(find, `a line matching ${String(m)}`, timeoutMs);
  }

  /** Wait until at least n lines have arrived. */
  waitForCount(n: number, timeoutMs = 5000): Promise<string[]> {
    return this.until(() => (this.lines.length >= n ? this.lines : undefined), `${n} lines`, timeoutMs);
  }

  waitClosed(timeoutMs = 5000): Promise<true> {
    return this.until(() => (this.ended ? true : undefined), 'the connection to close', timeoutMs);
  }

  has(m: Matcher): boolean {
    return this.lines.some((l) => matches(m, l));
  }

  private until<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const test = (): void => {
        const v = check();
        if (v === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(test);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(test);
        const tail = this.lines.slice(-20).map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l));
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.lines.length} lines, the last:\n${tail.join('\n')}`));
      }, timeoutMs);
      this.waiters.add(test);
      test();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A chat server on port 0 in this process, its events, and clients that close() releases. */
export interface ChatFixture {
  server: ChatServer;
  port: number;
  events: ChatServerEvent[];
  /** Connect and wait for the welcome. */
  join(): Promise<LineClient & { name: string }>;
  /** Connect without waiting for anything. */
  open(): Promise<LineClient>;
  close(): Promise<void>;
}

export async function startChat(options: ChatServerOptions = {}): Promise<ChatFixture> {
  const events: ChatServerEvent[] = [];
  const clients: LineClient[] = [];
  const server = createChatServer({ port: 0, ...options });
  server.on('event', (e) => events.push(e));
  const { port } = await server.start();
  const track = <T extends LineClient>(c: T): T => {
    clients.push(c);
    return c;
  };
  return {
    server,
    port,
    events,
    join: async () => track(await LineClient.join(port)),
    open: async () => track(await LineClient.open(port)),
    close: async () => {
      for (const c of clients) c.destroy();
      await server.stop();
    },
  };
}

/** `nettk chat serve` as a child process, with its stderr log collected. */
export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  log: string[];
  waitLog(m: Matcher, timeoutMs?: number): Promise<string>;
  /** Send a signal and resolve with the exit code (killed hard after timeoutMs). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export function spawnServe(args: string[] = [], timeoutMs = 10_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [NETTK_BIN, 'chat', 'serve', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  let partial = '';
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    log.push(...parts);
    for (const w of waiters) w();
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitLog = (m: Matcher, ms = 5000): Promise<string> =>
    new Promise((resolve, reject) => {
      const test = (): void => {
        const hit = log.find((l) => matches(m, l));
        if (hit === undefined) return;
        clearTimeout(timer);
        waiters.delete(test);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(test);
        reject(new Error(`no log line matching ${String(m)} within ${ms} ms; log:\n${log.join('\n')}`));
      }, ms);
      waiters.add(test);
      test();
    });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', ms = 10_000): Promise<number | null> => {
    if (child.exitCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return waitLog(/listening on |^\{"time":.*"event":"listening"/, timeoutMs).then(
    (line) => {
      const port = line.startsWith('{') ? (JSON.parse(line) as { port: number }).port : Number(/:(\d+) \(join/.exec(line)![1]);
      return { child, port, log, waitLog, stop };
    },
    async (error: unknown) => {
      await stop('SIGKILL');
      throw error;
    },
  );
}

/**
 * Whether a Debian tool is here; as root, try to install it once when it is
 * not (CI machines only have what our scripts install).
 */
export function haveTool(tool: string, debianPackage: string): boolean {
  const present = (): boolean => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
  if (present()) return true;
  if (process.getuid?.() === 0) spawnSync('apt-get', ['install', '-y', '-qq', debianPackage], { stdio: 'ignore', timeout: 120_000 });
  if (present()) return true;
  console.warn(`SKIPPED: ${tool} (Debian package ${debianPackage}) is not installed and could not be installed`);
  return false;
}

/** Peak and current resident memory of a process, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/**
 * `const start = chatServerPerTest()`: `await start(options)` in a test starts
 * a chat server that vitest's afterEach closes.
 */
export function chatServerPerTest(): (options?: ChatServerOptions) => Promise<ChatFixture> {
  let fx: ChatFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });
  return async (options = {}) => {
    fx = await startChat(options);
    return fx;
  };
}
