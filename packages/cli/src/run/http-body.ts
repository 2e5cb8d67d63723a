import { UsageError } from '@nettk/core';
import { buildMultipart, formParts, parseFormOption, parseFormStringOption, type FormFieldSpec } from '@nettk/http';
import type { HttpArgs } from '../commands/http.js';
import type { InputReader } from './http-input.js';

export interface PlannedBody {
  body: Buffer;
  contentType: string;
}

/** A repeatable option: absent, once, or several times. */
export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

/** `-d` as curl reads it: `@FILE` is the file's content without CR and LF; plain text as given. */
async function dataOption(value: string, input: InputReader, binary: boolean): Promise<Buffer> {
  if (!value.startsWith('@')) return Buffer.from(value, 'utf8');
  const bytes = await input.file(value.slice(1));
  if (binary) return bytes;
  return Buffer.from(bytes.filter((b) => b !== 0x0d && b !== 0x0a));
}

/**
 * The request body from -d / --data-binary (joined with `&` like curl,
 * application/x-www-form-urlencoded) or -F / --form-string (multipart);
 * undefined when there is none. Mixing the two kinds is a usage error.
 */
export async function plannedBody(args: HttpArgs, input: InputReader): Promise<PlannedBody | undefined> {
  const data = list(args.data);
  const binary = list(args['data-binary']);
  const forms = list(args.form);
  const formStrings = list(args['form-string']);
  if ((data.length > 0 || binary.length > 0) && (forms.length > 0 || formStrings.length > 0)) {
    throw new UsageError('-d/--data-binary and -F/--form-string cannot be combined: choose one body');
  }
  if (args.boundary !== undefined && forms.length === 0 && formStrings.length === 0) {
    throw new UsageError('--boundary applies to multipart bodies: add -F');
  }
  if (data.length > 0 || binary.length > 0) {
    const pieces: Buffer[] = [];
    for (const d of data) pieces.push(await dataOption(String(d), input, false));
    for (const d of binary) pieces.push(await dataOption(String(d), input, true));
    const joined: Buffer[] = [];
    pieces.forEach((p, i) => joined.push(...(i > 0 ? [Buffer.from('&'), p] : [p])));
    return { body: Buffer.concat(joined), contentType: 'application/x-www-form-urlencoded' };
  }
  if (forms.length > 0 || formStrings.length > 0) {
    const specs: FormFieldSpec[] = [...forms.map((f) => parseFormOption(String(f))), ...formStrings.map((f) => parseFormStringOption(String(f)))];
    const files = new Map<string, Buffer>();
    for (const spec of specs) if (spec.kind !== 'text' && !files.has(spec.value)) files.set(spec.value, await input.file(spec.value));
    const parts = formParts(specs, (path) => files.get(path)!);
    const multipart = buildMultipart(parts, { boundary: args.boundary });
    return { body: multipart.body, contentType: multipart.contentType };
  }
  return undefined;
}
