import { describe, expect, it } from 'vitest';
import { fastArgs } from './commands/fast-args.js';
import { HTTP_OPTIONS, httpCommand } from './commands/http.js';
import { commands } from './commands/index.js';
import { redisCommand, type RedisCliArgs } from './commands/redis.js';
import { GLOBAL_OPTIONS, HTTP_LINE, buildParser, directArgs } from './main.js';
import { redisOptionsOf } from './run/redis.js';

/** What the redis runner would get through yargs: its args, or the usage error yargs or the runner raises. */
async function throughYargs(argv: string[]): Promise<unknown> {
  let captured: RedisCliArgs | undefined;
  const list = commands.map((c) => (c === (redisCommand as unknown) ? { ...redisCommand, handler: (a: RedisCliArgs) => void (captured = a) } : c)) as typeof commands;
  await (await buildParser(argv, list)).parseAsync();
  if (!captured) throw new Error(`yargs ran no redis handler for ${argv.join(' ')}`);
  return outcome(() => redisOptionsOf(captured as RedisCliArgs));
}

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const LINES = [
  ['redis', 'ping'],
  ['redis', '-h', '127.0.0.1', '-p', '6380', 'ping'],
  ['redis', '--json', '-p', '6380', 'ping'],
  ['redis', '-p', '6380', 'ping', '--json'],
  ['redis', '--ndjson', 'monitor'],
  ['redis', '--no-color', 'get', 'k'],
  ['redis', '--color', '-n', '2', 'get', 'k'],
  ['redis', '--debug', 'ping'],
  ['redis', 'ping', '--debug'],
  ['redis', '-p', '6380', 'set', 'k', '-1'],
  ['redis', 'echo', '-'],
  ['redis', '-3', 'hello'],
  ['redis', '-u', 'redis://u:p@127.0.0.1:6380/3', '--raw', 'get', 'k'],
  ['redis', '-a', 'secret', '--user', 'bob', 'acl', 'whoami'],
  ['redis', '-r', '3', '-i', '0.1', 'incr', 'n'],
  ['redis', '--pipe'],
  ['redis', '--scan', '--pattern', 'user:*'],
  ['redis', '--latency-history', '-i', '2'],
  ['redis', '--help'],
  ['redis', '--json', '--ndjson', 'ping'],
  ['redis', '--bogus'],
  ['redis', '-p'],
  ['redis', '--json=false', 'ping'],
  ['redis', '-p', '0x10', 'ping'],
  ['redis', 'echo', '010'],
  ['redis'],
];

describe('nettk redis without yargs', () => {
  it('takes only lines that start with redis and have no --', () => {
    expect(directArgs(['redis', 'ping'])?._).toEqual(['redis', 'ping']);
    expect(directArgs(['probe', 'h', '22'])).toBeUndefined();
    expect(directArgs(['--json', 'redis', 'ping'])).toBeUndefined();
    expect(directArgs(['redis', '-p', '1', '--', 'ping'])).toBeUndefined();
  });

  it.each(LINES.map((l) => [l.join(' '), l]))('%s: the same options as through yargs', async (_name, line) => {
    const direct = directArgs(line as string[]);
    expect(direct).toBeDefined();
    const viaYargs = await throughYargs(line as string[]);
    expect(outcome(() => redisOptionsOf(direct as RedisCliArgs))).toEqual(viaYargs);
  });
});

/** The args yargs hands the http handler for this line. */
async function httpThroughYargs(argv: string[]): Promise<Record<string, unknown>> {
  let captured: Record<string, unknown> | undefined;
  const list = commands.map((c) => (c === (httpCommand as unknown) ? { ...httpCommand, handler: (a: Record<string, unknown>) => void (captured = a) } : c)) as typeof commands;
  await (await buildParser(argv, list)).parseAsync();
  if (!captured) throw new Error(`yargs ran no http handler for ${argv.join(' ')}`);
  return captured;
}

/** The keys a runner reads: every option by its long name, the positional words and `_`. */
function runnerView(args: Record<string, unknown>): Record<string, unknown> {
  const keys = [...Object.keys(GLOBAL_OPTIONS), ...Object.keys(HTTP_OPTIONS), 'args', '_'];
  return Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
}

const U = 'http://127.0.0.1:8080/x';
const FAST_HTTP = [
  ['http', U],
  ['http', '-s', U],
  ['http', 'GET', U],
  ['http', 'POST', U, '-H', 'Content-Type: application/json', '-d', '{"a":1}'],
  ['http', U, '-H', 'A: 1', '-H', 'B: 2', '-H', 'C;'],
  ['http', '-X', 'PUT', U, '--data-binary', '@body.bin'],
  ['http', U, '-F', 'file=@x.pdf;type=application/pdf', '-F', 'note=hi', '--boundary', 'abc'],
  ['http', U, '--form-string', 'a=@b', '-d', 'x', '-d', 'y'],
  ['http', '--raw', '127.0.0.1', '80', 'GET / HTTP/1.1\\r\\n\\r\\n'],
  ['http', '--keep-alive', '--repeat', '100', '--timings', '-s', U, '-o', '/dev/null'],
  ['http', '--json', '-I', U],
  ['http', '--ndjson', U],
  ['http', '-4', U],
  ['http', '-6', U, '--tls'],
  ['http', '--connect-timeout', '2.5', '--max-time', '10', U],
  ['http', '--max-time=3', '--idle-timeout=0', U],
  ['http', '-v', '--show-crlf', U],
  ['http', '--debug', '--color', U],
  ['http', '-k', '--cacert', 'ca.pem', 'https://127.0.0.1/'],
  ['http', '--print-request', '-A', 'agent/1', U],
  ['http', '--user-agent=', U],
  ['http', '--header=X: 1', U],
  ['http', '--request-target', '*', '-X', 'OPTIONS', U],
  ['http', U, U, '--keep-alive'],
  ['http', '-f', '-i', U, '--insecure'],
  ['http', '--pipeline', '16', '--repeat', '1000', U],
  ['http', '--max-header-size', '1024', '--max-headers', '10', '--max-body', '0', U],
  ['http', '--raw', '::1', '8080', 'true'],
  ['http', '', U, '-H', ''],
  ['http'],
];
const YARGS_HTTP = [
  ['http', '--help'],
  ['http', '-h'],
  ['http', '--no-color', U],
  ['http', '-sv', U],
  ['http', '-XPOST', U],
  ['http', '--', U],
  ['http', '--repeat', 'abc', U],
  ['http', '--repeat', '1e3', U],
  ['http', '--repeat', '1', '--repeat', '2', U],
  ['http', '-4', '-6', U],
  ['http', '--json', '--ndjson', U],
  ['http', '-o', '-', U],
  ['http', '--include', 'true', U],
  ['http', '-v', '-v', U],
  ['http', '-f', U, '--fail'],
  ['http', '--raw', '127.0.0.1', '80', '-'],
  ['http', '--bogus', U],
  ['http', U, '-H'],
  ['http', '--max-time', '-1', U],
  ['http', '--json=true', U],
  ['probe', '127.0.0.1', '22'],
];

describe('nettk http without yargs', () => {
  it.each(FAST_HTTP.map((l) => [l.join(' '), l]))('%s: the args yargs would give', async (_name, line) => {
    const fast = fastArgs(HTTP_LINE, GLOBAL_OPTIONS, line as string[]);
    expect(fast).toBeDefined();
    expect(runnerView(fast as Record<string, unknown>)).toEqual(runnerView(await httpThroughYargs(line as string[])));
  });

  it.each(YARGS_HTTP.map((l) => [l.join(' '), l]))('%s: left to yargs', (_name, line) => {
    expect(fastArgs(HTTP_LINE, GLOBAL_OPTIONS, line as string[])).toBeUndefined();
  });
});
