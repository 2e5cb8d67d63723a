import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isScalar, isSeq } from 'yaml';
import { parseHost } from '@nettk/core';
import type { FieldReader } from './field-reader.js';
import { describe } from './node-words.js';
import { parseStatusSpec } from './status-spec.js';
import type { FormField, HeaderExpect, HttpExpect, HttpSpec, StatusRange } from './types.js';
import type { KindContext, KindValidator } from './validate-kind.js';

/** RFC 9110 §5.6.2: field names and methods are tokens. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A URL nettk can reach: http(s), a valid host, a port 1-65535. */
export function checkUrl(text: string, schemes: readonly string[]): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `bad URL ${JSON.stringify(text)}`;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) return `bad URL ${JSON.stringify(text)}: scheme must be ${schemes.join(' or ')}`;
  try {
    parseHost(url.hostname);
  } catch (err) {
    return `bad URL ${JSON.stringify(text)}: ${(err as Error).message}`;
  }
  if (url.port === '0') return `bad URL ${JSON.stringify(text)}: port must be 1-65535`;
  return url;
}

function readStatus(f: FieldReader): StatusRange[] | undefined {
  const node = f.value('status');
  const parts: Array<string | number> = [];
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) parts.push(node.value);
  else if (isSeq(node)) {
    for (const raw of node.items) {
      const item = f.reader.deref(raw as never);
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) parts.push(item.value);
      else return f.fail('status', `expected a status code, got ${describe(item)}`);
    }
  } else return f.fail('status', `expected 200, "2xx", "200-299" or a list, got ${describe(node)}`);
  const out: StatusRange[] = [];
  for (const p of parts) {
    const r = parseStatusSpec(p);
    if (typeof r === 'string') return f.fail('status', r);
    out.push(...r);
  }
  return out;
}

function readHeaderExpects(f: FieldReader): HeaderExpect[] | undefined {
  const headers = f.reader.entries(f.value('headers'), `${f.what}: ${f.label('headers')}`, f.at('headers'));
  if (!headers) return undefined;
  const out: HeaderExpect[] = [];
  for (const [name, { key, value }] of headers) {
    const v = f.reader.deref(value);
    if (!TOKEN.test(name)) f.reader.error(key, `${f.what}: ${f.label('headers')}: bad field name "${name}"`);
    else if (isScalar(v) && typeof v.value === 'boolean') out.push({ name: name.toLowerCase(), pattern: null, absent: !v.value });
    else if (isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number')) {
      try {
        out.push({ name: name.toLowerCase(), pattern: new RegExp(String(v.value)), absent: false });
      } catch (err) {
        f.reader.error(v, `${f.what}: ${f.label('headers')}.${name}: bad regex: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
      }
    } else f.reader.error(value, `${f.what}: ${f.label('headers')}.${name}: expected a regex, true (present) or false (absent), got ${describe(v)}`, key);
  }
  return out;
}

function readExpect(f: FieldReader): HttpExpect | undefined {
  const e = f.reader.fields(f.value('expect'), f.what, ['status', 'headers', 'body', 'body_not', 'max_time'], f.at('expect'), 'expect.');
  if (!e) return undefined;
  const status = e.has('status') ? readStatus(e) : [[200, 299] as const];
  const headers = e.has('headers') ? readHeaderExpects(e) : [];
  const body = e.regex('body', e.string('body'));
  const bodyNot = e.regex('body_not', e.string('body_not'));
  const maxTimeMs = e.duration('max_time');
  if (!status || !headers) return undefined;
  return { status, headers, body, bodyNot, maxTimeMs };
}

function readHeaders(f: FieldReader): Array<[string, string]> | undefined {
  const entries = f.reader.entries(f.value('headers'), `${f.what}: headers`, f.at('headers'));
  if (!entries) return undefined;
  const out: Array<[string, string]> = [];
  for (const [name, { key, value }] of entries) {
    const v = f.reader.deref(value);
    const text = isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
    if (!TOKEN.test(name)) f.reader.error(key, `${f.what}: headers: bad field name "${name}"`);
    else if (text === undefined) f.reader.error(value, `${f.what}: headers.${name}: expected a string, got ${describe(v)}`, key);
    // RFC 9110 §5.5: CR, LF and NUL in a field value would split or smuggle a request.
    else if (/[\r\n\0]/.test(text)) f.reader.error(value, `${f.what}: headers.${name}: CR, LF and NUL are not allowed in a field value`);
    else out.push([name, text]);
  }
  return out;
}

function readForm(f: FieldReader, ctx: KindContext): FormField[] | undefined {
  const entries = f.reader.entries(f.value('form'), `${f.what}: form`, f.at('form'));
  if (!entries) return undefined;
  const out: FormField[] = [];
  for (const [name, { key, value }] of entries) {
    const v = f.reader.deref(value);
    if (isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number')) {
      out.push({ name, value: String(v.value) });
      continue;
    }
    const part = f.reader.fields(value, f.what, ['value', 'file', 'type'], key, `form.${name}.`);
    if (!part) continue;
    const field: FormField = { name, value: part.string('value', { coerce: true, nonEmpty: false }), type: part.string('type') };
    const file = part.string('file');
    if (file !== undefined) {
      const path = isAbsolute(file) ? file : resolve(ctx.baseDir, file);
      if (!existsSync(path) || !statSync(path).isFile()) part.error('file', `no such file: ${path}`);
      else field.file = path;
    }
    if (field.value !== undefined && file !== undefined) part.error('file', 'give either value or file, not both');
    else if (field.value === undefined && file === undefined) f.reader.error(value, `${f.what}: form.${name}: needs value or file`, key);
    out.push(field);
  }
  return out;
}

export const httpValidator: KindValidator<HttpSpec> = {
  keys: ['url', 'method', 'headers', 'body', 'form', 'insecure', 'expect'],
  targetKeys: ['url'],
  moduleKeys: ['scheme', 'path'],
  readModule(f) {
    const scheme = f.choice('scheme', ['http', 'https'] as const) ?? 'http';
    const path = f.string('path') ?? '/';
    if (!path.startsWith('/')) f.error('path', 'must start with "/"');
    return { http: { scheme, path } };
  },
  read(f, mode, ctx) {
    let url: string | undefined = '';
    if (mode === 'check') {
      const text = f.string('url', { required: true });
      const parsed = text === undefined ? undefined : checkUrl(text, ['http', 'https']);
      url = typeof parsed === 'string' ? f.fail('url', parsed) : parsed?.href;
    }
    const method = f.string('method');
    if (method !== undefined && !TOKEN.test(method)) f.error('method', `bad method ${JSON.stringify(method)}`);
    const headers = f.has('headers') ? readHeaders(f) : [];
    const body = f.string('body', { nonEmpty: false });
    const form = f.has('form') ? readForm(f, ctx) : undefined;
    if (body !== undefined && f.has('form')) f.error('form', 'give either body or form, not both');
    const insecure = f.boolean('insecure') ?? false;
    const expect = f.has('expect') ? readExpect(f) : { status: [[200, 299] as const], headers: [] };
    if (url === undefined || !headers || !expect || (f.has('form') && !form)) return undefined;
    const defaultMethod = body !== undefined || form ? 'POST' : 'GET';
    return { kind: 'http', url, method: method ?? defaultMethod, headers, body, form, insecure, expect };
  },
};
