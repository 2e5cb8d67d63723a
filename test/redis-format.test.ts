import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNettk } from './helpers/nettk.js';
import { redisServerPath, startRedis, type RedisServer } from './helpers/redis-server.js';

const available = redisServerPath() !== undefined;
let server: RedisServer;
const BIN = Buffer.from('\x01\xff"\\q\r\n', 'latin1');

function redisCli(args: string[], env: NodeJS.ProcessEnv = {}): Buffer {
  const r = spawnSync(server.redisCli!, ['-p', String(server.port), ...args], { env: { ...process.env, ...env }, timeout: 10_000 });
  return r.stdout;
}

// redis-server is installed by the setup when missing (as root); otherwise the suite is skipped with a loud line.
describe.skipIf(!available)('nettk redis output against redis-cli', () => {
  beforeAll(async () => {
    server = await startRedis();
    const setup: string[][] = [
      ['rpush', 'list', 'a', 'b c', 'x\ty', ''],
      ['hset', 'hash', 'f1', 'v1', 'f2', ''],
      ['sadd', 'set', 'm1'],
      ['set', 'str', 'abc'],
      ['zadd', 'z', '1.5', 'one', '2', 'two'],
    ];
    for (const args of setup) {
      const r = await runNettk(['redis', '-p', String(server.port), ...args]);
      expect(r.code).toBe(0);
    }
    // Bytes that are not UTF-8 can only come from stdin: -x makes them the last argument.
    const x = await runNettk(['redis', '-p', String(server.port), '-x', 'set', 'bin'], { input: BIN });
    expect(x.stdout).toBe('OK\n');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const commands: string[][] = [
    ['ping'],
    ['get', 'str'],
    ['get', 'bin'],
    ['get', 'missing'],
    ['incr', 'str'],
    ['lrange', 'list', '0', '-1'],
    ['lrange', 'missing', '0', '-1'],
    ['hgetall', 'hash'],
    ['hgetall', 'missing'],
    ['smembers', 'set'],
    ['zrange', 'z', '0', '-1', 'withscores'],
    ['exists', 'str', 'list'],
    ['type', 'hash'],
    ['eval', "return {1,{2,{3,'x'}},'y',{},{1,2,3,4,5,6,7,8,9,10,11}}", '0'],
    ['eval', "return {1,2,3,4,5,6,7,8,9,10,{'a',{'b'}}}", '0'],
    ['debug', 'protocol', 'double'],
    ['debug', 'protocol', 'true'],
    ['debug', 'protocol', 'false'],
    ['debug', 'protocol', 'map'],
    ['debug', 'protocol', 'set'],
    ['debug', 'protocol', 'verbatim'],
    ['debug', 'protocol', 'null'],
    ['command', 'docs', 'get'],
    ['eval', 'return {map={a={1,2}, b={}}}', '0'],
    ['nosuchcommand'],
  ];

  // One process per style reading the commands from stdin (redis-cli < file): the same formatter as one-shot
  // commands, without spawning a hundred processes.
  const script = commands.map((c) => c.map((a) => (/^[\w.-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')).join('\n') + '\n';
  for (const protocol of ['-2', '-3']) {
    for (const style of ['--no-raw', '--raw']) {
      it(`prints the same bytes as redis-cli ${protocol} ${style} for ${commands.length} commands`, async () => {
        const ours = await runNettk(['redis', '-p', String(server.port), protocol, style], { input: script });
        const theirs = spawnSync(server.redisCli!, ['-p', String(server.port), protocol, style], { input: script, timeout: 10_000 }).stdout;
        // Line by line first: a failure then names the command whose output differs.
        expect(ours.stdoutBytes.toString('latin1').split('\n')).toEqual(theirs.toString('latin1').split('\n'));
        expect(ours.stdoutBytes.equals(theirs)).toBe(true);
        expect(ours.code).toBe(1);
      });
    }
  }

  it('prints the same bytes as redis-cli for one-shot commands, and exits 1 only on an error reply', async () => {
    for (const command of [['lrange', 'list', '0', '-1'], ['get', 'bin'], ['incr', 'str']]) {
      for (const style of ['--no-raw', '--raw']) {
        const ours = await runNettk(['redis', '-p', String(server.port), style, ...command]);
        expect(ours.stdoutBytes.toString('latin1'), command.join(' ')).toBe(redisCli([style, ...command]).toString('latin1'));
        expect(ours.code).toBe(command[0] === 'incr' ? 1 : 0);
      }
    }
    const tolerant = await runNettk(['redis', '-p', String(server.port), '--no-error-exit', 'incr', 'str']);
    expect(tolerant.code).toBe(0);
  });

  it('formats like a terminal when FAKETTY is set, as redis-cli does', async () => {
    const ours = await runNettk(['redis', '-p', String(server.port), 'lrange', 'list', '0', '-1'], { env: { FAKETTY: '1' } });
    expect(ours.stdout, ours.stderr).toBe(redisCli(['lrange', 'list', '0', '-1'], { FAKETTY: '1' }).toString());
    expect(ours.stdout).toContain('1) "a"');
  });

  it('prints big numbers and attributes where redis-cli prints garbage', async () => {
    const big = await runNettk(['redis', '-p', String(server.port), '-3', '--no-raw', 'debug', 'protocol', 'bignum']);
    expect(big.stdout).toBe('(big number) 1234567999999999999999999999999999999\n');
    const raw = await runNettk(['redis', '-p', String(server.port), '-3', '--raw', 'debug', 'protocol', 'bignum']);
    expect(raw.stdout).toBe('1234567999999999999999999999999999999\n');
    const attrib = await runNettk(['redis', '-p', String(server.port), '-3', '--no-raw', 'debug', 'protocol', 'attrib']);
    expect(attrib.code).toBe(0);
    expect(attrib.stdout).toBe('1| "key-popularity" => \n   1) "key:123"\n   2) (integer) 90\n"Some real reply following the attribute"\n');
  });

  it('prints one valid JSON document per reply, errors included', async () => {
    const cases: Array<[string[], unknown]> = [
      [['get', 'str'], 'abc'],
      [['get', 'missing'], null],
      [['lrange', 'list', '0', '-1'], ['a', 'b c', 'x\ty', '']],
      [['-3', 'hgetall', 'hash'], { f1: 'v1', f2: '' }],
      [['incr', 'str'], { error: 'ERR value is not an integer or out of range' }],
      [['-3', 'debug', 'protocol', 'bignum'], 1234567999999999999999999999999999999],
      [['get', 'bin'], { base64: BIN.toString('base64') }],
    ];
    for (const [args, expected] of cases) {
      const r = await runNettk(['redis', '-p', String(server.port), '--json', ...args]);
      expect(r.stdout.endsWith('\n')).toBe(true);
      expect(JSON.parse(r.stdout), args.join(' ')).toEqual(expected);
    }
  });

  it('writes a bulk reply byte for byte with --binary, with no newline added', async () => {
    const r = await runNettk(['redis', '-p', String(server.port), '--binary', 'get', 'bin']);
    expect(r.code).toBe(0);
    expect(r.stdoutBytes.equals(BIN)).toBe(true);
  });
});
