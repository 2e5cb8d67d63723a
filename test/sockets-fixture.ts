import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./sockets-fixture-child.mjs', import.meta.url));

export interface FullFixture {
  pid: number;
  ports: { main: number; halfOpen: number; v6: number; shared: number };
  /** A second process holding the `shared` listener (it has fewer open files than the fixture). */
  helper: number;
  established: number;
  ipv6: number;
  closeWait: number;
  timeWait: number;
  udp: number;
}

export interface BlockedFixture {
  pid: number;
  port: number;
}

export interface Running<T> {
  info: T;
  child: ChildProcess;
  /** Ends the child (stdin close, then SIGKILL after 2 s) and waits for its exit. */
  stop: () => Promise<void>;
}

/** Starts the fixture child and waits (at most 15 s) for its JSON line. */
export async function startFixture(mode: 'full'): Promise<Running<FullFixture>>;
export async function startFixture(mode: 'blocked', backlog: number): Promise<Running<BlockedFixture>>;
export async function startFixture(mode: 'full' | 'blocked', backlog = 2): Promise<Running<FullFixture | BlockedFixture>> {
  const child = spawn(process.execPath, [CHILD, mode, String(backlog)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  const line = await Promise.race([
    once(createInterface({ input: child.stdout! }), 'line').then(([l]) => l as string),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('fixture child did not report in 15 s')), 15_000).unref()),
    exited.then(([code]) => Promise.reject(new Error(`fixture child exited with ${code}`))),
  ]).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { info: JSON.parse(line) as FullFixture | BlockedFixture, child, stop };
}

/** Polls `check` every 50 ms until it returns a value, for at most `ms`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
