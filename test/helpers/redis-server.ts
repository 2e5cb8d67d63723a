import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './servers.js';

export interface RedisServer {
  port: number;
  host: string;
  /** Extra arguments it was started with. */
  args: string[];
  process: ChildProcess;
  /** Path to redis-cli, when installed, for comparing output. */
  redisCli: string | undefined;
  stop(): Promise<void>;
  /** SIGKILL, for "server died mid-pipeline" tests. */
  kill(): Promise<void>;
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const path = `${dir}/${name}`;
    if (existsSync(path)) return path;
  }
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return undefined;
}

let checked: string | undefined | null = null;

export interface TlsFiles {
  cert: string;
  key: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost (openssl), or undefined when openssl is missing. */
export function makeTlsFiles(dir: string): TlsFiles | undefined {
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore', timeout: 30_000 });
  if (r.status !== 0) {
    console.warn('!!! openssl is not available: the Redis TLS tests are SKIPPED');
    return undefined;
  }
  return { cert, key };
}

/**
 * Where redis-server is: installed with apt-get when missing and we are root
 * (CI machines have only what our scripts install), else undefined with one
 * loud line so the suite says why it skipped.
 */
export function redisServerPath(): string | undefined {
  if (checked !== null) return checked;
  let path = which('redis-server');
  if (!path && process.getuid?.() === 0) {
    const install = (): boolean =>
      spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 }).status === 0;
    if (!install()) {
      spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore', timeout: 300_000 });
      install();
    }
    path = which('redis-server');
  }
  if (!path) console.warn('!!! redis-server is not installed and cannot be installed here: the Redis end-to-end tests are SKIPPED');
  checked = path;
  return path;
}

function waitForPort(port: number, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const attempt = (): void => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) resolve(false);
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

/**
 * A real redis-server on a free loopback port (redis cannot listen on port
 * 0: pick a free one, retry on a bind race), without persistence, with DEBUG
 * allowed from loopback (DEBUG PROTOCOL produces every RESP3 type).
 */
export async function startRedis(extraArgs: string[] = [], options: { tls?: TlsFiles } = {}): Promise<RedisServer> {
  const bin = redisServerPath();
  if (!bin) throw new Error('redis-server is not available');
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const listenArgs = options.tls
      ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.cert, '--tls-key-file', options.tls.key, '--tls-ca-cert-file', options.tls.cert, '--tls-auth-clients', 'no']
      : ['--port', String(port)];
    const args = [...listenArgs, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local', '--daemonize', 'no', '--loglevel', 'warning', ...extraArgs];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const up = await Promise.race([waitForPort(port, Date.now() + 5000), exited.then(() => false)]);
    if (!up) {
      child.kill('SIGKILL');
      await exited;
      if (/Address already in use|bind/i.test(log)) continue;
      throw new Error(`redis-server did not start: ${log.trim().split('\n').pop() ?? ''}`);
    }
    const stopWith = async (signal: NodeJS.Signals): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    };
    return { port, host: '127.0.0.1', args: extraArgs, process: child, redisCli: which('redis-cli'), stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
  }
  throw new Error('redis-server: no free port after 5 attempts');
}
