import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerPath, startRedis, type RedisServer } from '../../../test/helpers/redis-server.js';
import { freePort } from '../../../test/helpers/servers.js';
import { parseRunbook } from './load.js';
import { runCheck } from './run-check.js';
import { runRedisCheck } from './run-redis.js';
import type { Check, CheckOf } from './types.js';

const haveRedis = redisServerPath() !== undefined;
let redis: RedisServer;
beforeAll(async () => {
  if (haveRedis) redis = await startRedis(['--requirepass', 's3cret']);
});
afterAll(async () => {
  await redis?.stop();
});

function check(yaml: string): Check {
  return parseRunbook(`checks:\n  - {name: r, kind: redis, ${yaml}}`, 'rb.yaml').checks[0]!;
}
const run = (yaml: string) => runCheck(check(yaml), (x, ctx) => runRedisCheck(x as CheckOf<'redis'>, ctx));
const url = (): string => `redis://:s3cret@127.0.0.1:${redis.port}`;

// Skipped only when redis-server is missing and cannot be installed (redisServerPath says so loudly).
describe.skipIf(!haveRedis)('redis checks against a real redis-server', () => {
  it('pass on PING → PONG with AUTH from the URL, and report the reply time', async () => {
    const r = await run(`url: "${url()}", command: PING, expect: PONG`);
    expect([r.status, r.reason]).toEqual(['pass', 'ok']);
    expect(r.message).toMatch(/^PONG in /);
    expect(r.metrics.redis_reply_error).toBe(0);
    expect(r.ipProtocol).toBe(4);
  });

  it('compare replies exactly: strings, integers, nil and booleans', async () => {
    expect((await run(`url: "${url()}/3", command: SET k 42, expect: OK`)).status).toBe('pass');
    expect((await run(`url: "${url()}/3", command: GET k, expect: 42`)).status).toBe('pass');
    expect((await run(`url: "${url()}/3", command: EXISTS k, expect: true`)).status).toBe('pass');
    expect((await run(`url: "${url()}/3", command: [INCR, k], expect: {reply: 43}`)).metrics.redis_reply_integer).toBe(43);
    const nil = await run(`url: "${url()}/3", command: GET missing, expect: hello`);
    expect([nil.status, nil.reason, nil.message]).toEqual(['fail', 'reply-mismatch', 'got (nil), expected "hello"']);
    expect((await run(`url: "${url()}", command: GET k, expect: null`)).status).toBe('pass');
  });

  it('match a reply against a regex', async () => {
    expect((await run(`url: "${url()}", command: INFO server, expect: {match: "redis_version:\\\\d"}`)).status).toBe('pass');
    const r = await run(`url: "${url()}", command: INFO server, expect: {match: "^nope"}`);
    expect(r.reason).toBe('reply-mismatch');
  });

  it('fail on an error reply unless an error is expected', async () => {
    const r = await run(`url: "${url()}", command: NOSUCHCMD`);
    expect([r.status, r.reason]).toEqual(['fail', 'error-reply']);
    expect(r.message).toMatch(/^\(error\) ERR unknown command/);
    expect((await run(`url: "${url()}", command: NOSUCHCMD, expect: {error: "unknown command"}`)).status).toBe('pass');
    expect((await run(`url: "${url()}", command: PING, expect: {error: true}`)).message).toBe('expected an error reply, got PONG');
  });

  it('fail when the password is wrong, naming the server\'s answer', async () => {
    const r = await run(`url: "redis://:wrong@127.0.0.1:${redis.port}"`);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/WRONGPASS|invalid password/i);
  });

  it('fail with conn-refused when no server listens', async () => {
    const port = await freePort();
    expect((await run(`url: "redis://127.0.0.1:${port}"`)).reason).toBe('conn-refused');
  });
});
