import { basename } from 'node:path';
import { UsageError } from '@nettk/core';
import { mimeTypeFor } from './mime-types.js';
import type { MultipartPart } from './multipart.js';

/** One `-F` argument, parsed but not yet read from disk. */
export interface FormFieldSpec {
  name: string;
  /** `text`: the value itself; `file`: upload PATH (`@PATH`); `content`: PATH's bytes as the value (`<PATH`). */
  kind: 'text' | 'file' | 'content';
  value: string;
  type?: string | undefined;
  filename?: string | undefined;
}

const PARAMS = new Set(['type', 'filename']);

/** A value that may be double-quoted with `\"` and `\\` escapes; returns it and where it ended. */
function readWord(text: string, at: number): { word: string; end: number } {
  if (text[at] !== '"') {
    const semi = text.indexOf(';', at);
    const end = semi < 0 ? text.length : semi;
    return { word: text.slice(at, end), end };
  }
  let word = '';
  let i = at + 1;
  for (; i < text.length && text[i] !== '"'; i++) {
    if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
    word += text[i];
  }
  if (i >= text.length) throw new UsageError(`unterminated quote in -F "${text}"`);
  return { word, end: i + 1 };
}

/** `;type=...;filename=...` from `at` to the end. */
function readParams(input: string, text: string, at: number, spec: FormFieldSpec): void {
  let i = at;
  while (i < text.length) {
    if (text[i] !== ';') throw new UsageError(`bad -F "${input}": expected ";type=" or ";filename=" after the value`);
    const eq = text.indexOf('=', i);
    const key = eq < 0 ? text.slice(i + 1) : text.slice(i + 1, eq);
    if (!PARAMS.has(key) || eq < 0) throw new UsageError(`bad -F "${input}": unknown parameter "${key}" (known: type, filename)`);
    const { word, end } = readWord(text, eq + 1);
    if (key === 'type') spec.type = word;
    else spec.filename = word;
    i = end;
  }
}

/**
 * Parse curl's `-F` syntax: `name=value`, `name=@file` (upload), `name=<file`
 * (file content as the value), each optionally followed by `;type=MIME` and
 * `;filename=NAME`; file names with `;` can be double-quoted. In a plain
 * value, `;` starts a parameter only when `type=` or `filename=` follows
 * (use `--form-string` for a value taken literally).
 */
export function parseFormOption(input: string): FormFieldSpec {
  const eq = input.indexOf('=');
  if (eq <= 0) throw new UsageError(`bad -F "${input}": expected name=value, name=@file or name=<file`);
  const name = input.slice(0, eq);
  const rest = input.slice(eq + 1);
  if (rest.startsWith('@') || rest.startsWith('<')) {
    const { word, end } = readWord(rest, 1);
    if (word === '') throw new UsageError(`bad -F "${input}": no file name after "${rest[0]}"`);
    const spec: FormFieldSpec = { name, kind: rest[0] === '@' ? 'file' : 'content', value: word };
    readParams(input, rest, end, spec);
    return spec;
  }
  const param = /;(type|filename)=/.exec(rest);
  const spec: FormFieldSpec = { name, kind: 'text', value: param ? rest.slice(0, param.index) : rest };
  if (param) readParams(input, rest, param.index, spec);
  return spec;
}

/** `--form-string name=value`: the value is taken literally (no @, <, or ;type=). */
export function parseFormStringOption(input: string): FormFieldSpec {
  const eq = input.indexOf('=');
  if (eq <= 0) throw new UsageError(`bad --form-string "${input}": expected name=value`);
  return { name: input.slice(0, eq), kind: 'text', value: input.slice(eq + 1) };
}

/**
 * Turn specs into parts, reading files through `read` (the caller decides how
 * a missing file is reported). Uploads get the file's base name and a type
 * from its extension unless `filename=`/`type=` say otherwise.
 */
export function formParts(specs: readonly FormFieldSpec[], read: (path: string) => Buffer): MultipartPart[] {
  return specs.map((spec) => {
    if (spec.kind === 'text') {
      return { name: spec.name, data: Buffer.from(spec.value, 'utf8'), filename: spec.filename, contentType: spec.type };
    }
    const data = read(spec.value);
    if (spec.kind === 'content') return { name: spec.name, data, filename: spec.filename, contentType: spec.type };
    const filename = spec.filename ?? (spec.value === '-' ? '-' : basename(spec.value));
    return { name: spec.name, data, filename, contentType: spec.type ?? mimeTypeFor(filename) };
  });
}
