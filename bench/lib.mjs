// Shared helpers for the benchmarks: timing whole processes, peak RSS, medians.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NETTK = fileURLToPath(new URL('../bin/nettk.js', import.meta.url));
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Run a command to completion; wall time in ms, and with GNU time (when
 * installed) peak RSS in MB and CPU (user + system) in ms; stdout/stderr.
 * Killed after timeoutMs.
 */
export function timed(cmd, args, { timeoutMs = 120_000, input } = {}) {
  const argv = GNU_TIME ? [GNU_TIME, '-f', '__RSS_KB__%M __CPU__ %U %S', cmd, ...args] : [cmd, ...args];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      let stderr = Buffer.concat(err).toString();
      let rssMb = null;
      let cpuMs = NaN;
      const m = /__RSS_KB__(\d+) __CPU__ ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (m) {
        rssMb = Number(m[1]) / 1024;
        cpuMs = (Number(m[2]) + Number(m[3])) * 1000;
        stderr = stderr.slice(0, m.index).replace(/Command exited with non-zero status \d+\n$/, '');
      }
      resolve({ code, ms, rssMb, cpuMs, stdout: Buffer.concat(out).toString(), stderr });
    });
    // A child that never reads its stdin may be gone before this lands (EPIPE): not the bench's failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

export function fmt(n, digits = 1) {
  return n === null || n === undefined ? 'n/a' : n.toFixed(digits);
}

export function machine() {
  return `${spawnSync('nproc').stdout?.toString().trim() ?? '?'} cores, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** A throw-away redis-server on a free loopback port, ready to accept; stop() ends it. */
export async function startRedis() {
  const { connect } = await import('node:net');
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) return { port, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start in 5 s');
}
