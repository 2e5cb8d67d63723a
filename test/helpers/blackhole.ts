import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/**
 * A "filtered" port without leaving loopback and without root: a listener
 * with backlog 1 in a child process whose event loop is blocked, so it never
 * accepts. Once its accept queue is full, Linux drops further SYNs and a
 * connect gets no answer (REFERENCE.md, Probing). close() kills the child
 * and the filler sockets.
 */
export async function blackhole(host = '127.0.0.1'): Promise<{ port: number; host: string; close: () => void }> {
  const code = `
    const s = require('net').createServer();
    s.listen({ host: ${JSON.stringify(host)}, port: 0, backlog: 1 }, () => {
      process.stdout.write(String(s.address().port) + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
      process.exit(0);
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('blackhole listener did not start in 5 s')), 5000);
    child.stdout!.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve(Number(d.toString().trim()));
    });
    child.once('exit', () => reject(new Error('blackhole listener exited')));
  });
  const fillers: Socket[] = [];
  // Fill the accept queue: connects complete in the kernel until it is full, then hang.
  for (let i = 0; i < 16; i++) {
    const completed = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      fillers.push(s);
      s.on('error', () => resolve(false));
      const t = setTimeout(() => resolve(false), 300);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    if (!completed) break;
  }
  return {
    port,
    host,
    close: () => {
      for (const s of fillers) s.destroy();
      child.kill('SIGKILL');
    },
  };
}
