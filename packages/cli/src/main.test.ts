import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { redisCommand, type RedisCliArgs } from './commands/redis.js';
import { buildParser, directArgs } from './main.js';
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
