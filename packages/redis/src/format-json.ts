import { ReplyError, RespBigNumber, RespDouble, RespMap, RespPush, RespSet, RespVerbatim, textOf, type RespValue } from './values.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of valid UTF-8 bytes, or undefined. */
function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A reply as one valid JSON document (redis-cli --json prints errors as
 * `error:"..."`, which is not JSON). Strings that are not valid UTF-8 become
 * `{"base64":"..."}`; an error is `{"error":"..."}`; a map with text keys is
 * an object, any other map a list of [key, value] pairs; integers past 2^53
 * and big numbers are exact JSON numbers; inf/nan doubles are strings.
 */
export function formatJson(value: RespValue): string {
  return json(value);
}

function json(value: RespValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Buffer.isBuffer(value)) {
    const text = strictUtf8(value);
    return text === undefined ? `{"base64":"${value.toString('base64')}"}` : JSON.stringify(text);
  }
  if (Array.isArray(value)) return `[${value.map(json).join(',')}]`;
  if (value instanceof ReplyError) return `{"error":${JSON.stringify(value.message)}}`;
  if (value instanceof RespDouble) return Number.isFinite(value.value) ? String(value.value) : JSON.stringify(value.text);
  if (value instanceof RespBigNumber) return value.value.toString();
  if (value instanceof RespVerbatim) return json(value.data);
  if (value instanceof RespMap) {
    const keys = value.entries.map(([k]) => textOf(k));
    if (keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
      return `{${value.entries.map(([, v], i) => `${JSON.stringify(keys[i])}:${json(v)}`).join(',')}}`;
    }
    return `[${value.entries.map(([k, v]) => `[${json(k)},${json(v)}]`).join(',')}]`;
  }
  return `[${(value as RespSet | RespPush).items.map(json).join(',')}]`;
}
