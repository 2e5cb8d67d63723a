// Not a benchmark: support for the http-* benchmarks. The HTTP server they
// start as a child process (a server inside the benchmark process would
// compete with it for the event loop), and a timer that also reports CPU time. node:http with its default 5 s keep-alive, a 9-byte body,
// one "conn" line on stdout per new connection, "listening PORT" first.
// Runs when started with the argument `serve`; bench/run.js skips it.
import { createServer } from 'node:http';
import { timed } from './lib.mjs';

if (process.argv[2] === 'serve') {
  const body = Buffer.from('hello /x\n');
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  });
  server.on('connection', () => process.stdout.write('conn\n'));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  // Bounded: a benchmark that dies must not leave the server behind.
  setTimeout(() => process.exit(0), 10 * 60_000).unref();
  process.on('SIGTERM', () => process.exit(0));
}

/** Start the server child; resolves with its port, a connection counter and stop(). */
export async function startBenchServer() {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const state = { connections: 0 };
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start in 10 s')), 10_000);
    let text = '';
    child.stdout.on('data', (d) => {
      text += d.toString();
      const m = /listening (\d+)/.exec(text);
      if (m && !state.port) {
        state.port = Number(m[1]);
        clearTimeout(timer);
        resolve(state.port);
      }
      state.connections = (text.match(/^conn$/gm) ?? []).length;
    });
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return {
    port,
    connections: () => state.connections,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/**
 * Run a command to completion: wall ms and CPU ms (user + system, from GNU
 * time): on a loaded machine CPU time says what a run cost, wall time also
 * says how long it waited for a core. A run that found the CLI bundle missing
 * (being rebuilt in a shared checkout) is retried after a pause, at most 20 times.
 */
export async function timedRun(cmd, args, options = {}) {
  for (let attempt = 0; ; attempt++) {
    const r = await timed(cmd, args, options);
    if (attempt >= 20 || !/not built yet/.test(r.stderr)) return r;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}
