import { isScalar, isSeq } from 'yaml';
import { splitArgs } from '@nettk/redis';
import type { FieldReader } from './field-reader.js';
import { describe } from './node-words.js';
import type { RedisExpect, RedisSpec } from './types.js';
import { checkUrl } from './validate-http.js';
import type { KindValidator } from './validate-kind.js';

/** `command: GET "a b"` is split as redis-cli splits a line; a list is taken word for word. */
function readCommand(f: FieldReader): Buffer[] | undefined {
  if (!f.has('command')) return [Buffer.from('PING')];
  const node = f.value('command');
  if (isSeq(node)) {
    const words = f.stringList('command', { coerce: true });
    if (words && words.length === 0) return f.fail('command', 'empty command');
    return words?.map((w) => Buffer.from(w, 'utf8'));
  }
  const text = f.string('command', { coerce: true });
  if (text === undefined) return undefined;
  const words = splitArgs(text);
  if (words === null) return f.fail('command', 'unbalanced quotes (as redis-cli reads a line)');
  return words.length === 0 ? f.fail('command', 'empty command') : words;
}

function readExpect(f: FieldReader): RedisExpect | undefined {
  if (!f.has('expect')) return { kind: 'no-error' };
  const node = f.value('expect');
  // Shorthand: `expect: PONG` is the exact reply.
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return { kind: 'reply', value: v };
    return f.fail('expect', `expected a reply value or a map, got ${describe(node)}`);
  }
  const e = f.reader.fields(node, f.what, ['reply', 'match', 'no_error', 'error'], f.at('expect'), 'expect.');
  if (!e) return undefined;
  const given = ['reply', 'match', 'no_error', 'error'].filter((k) => e.has(k));
  if (given.length !== 1) {
    f.error('expect', given.length === 0 ? 'give one of reply, match, no_error, error' : `give only one of ${given.join(', ')}`);
    return undefined;
  }
  if (e.has('reply')) {
    const r = e.value('reply');
    if (isScalar(r) && (typeof r.value === 'string' || typeof r.value === 'number' || typeof r.value === 'boolean' || r.value === null)) {
      return { kind: 'reply', value: r.value };
    }
    return e.fail('reply', `expected a single value (string, integer, true/false, null), got ${describe(r)}`);
  }
  if (e.has('match')) {
    const pattern = e.regex('match', e.string('match'));
    return pattern ? { kind: 'match', pattern } : undefined;
  }
  if (e.has('no_error')) {
    const b = e.boolean('no_error');
    if (b === false) return e.fail('no_error', 'only `no_error: true` makes sense (use `error:` to expect an error reply)');
    return b ? { kind: 'no-error' } : undefined;
  }
  const err = e.value('error');
  if (isScalar(err) && err.value === true) return { kind: 'error', pattern: null };
  const pattern = e.regex('error', e.string('error'));
  return pattern ? { kind: 'error', pattern } : undefined;
}

export const redisValidator: KindValidator<RedisSpec> = {
  keys: ['url', 'command', 'expect'],
  targetKeys: ['url'],
  moduleKeys: ['tls', 'db', 'username', 'password'],
  readModule(f) {
    const tls = f.boolean('tls') ?? false;
    const db = f.number('db', { integer: true, min: 0, max: 65535 }) ?? 0;
    return { redis: { scheme: tls ? 'rediss' : 'redis', db, username: f.string('username', { coerce: true }), password: f.string('password', { coerce: true, nonEmpty: false }) } };
  },
  read(f, mode) {
    let url: string | undefined = '';
    if (mode === 'check') {
      const text = f.string('url', { required: true });
      const parsed = text === undefined ? undefined : checkUrl(text, ['redis', 'rediss']);
      if (typeof parsed === 'string') url = f.fail('url', parsed);
      else if (parsed && parsed.pathname !== '' && parsed.pathname !== '/' && !/^\/\d+$/.test(parsed.pathname)) {
        url = f.fail('url', `bad database "${parsed.pathname.slice(1)}": a number (redis://host:6379/2)`);
      } else url = parsed?.href;
    }
    const command = readCommand(f);
    const expect = readExpect(f);
    if (url === undefined || !command || !expect) return undefined;
    return { kind: 'redis', url, command, expect };
  },
};
