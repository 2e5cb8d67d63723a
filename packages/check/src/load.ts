import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError, errnoOf } from '@nettk/core';
import { MAX_RUNBOOK_BYTES, parseSource } from './source.js';
import type { Runbook } from './types.js';
import { validateRunbook, type Purpose } from './validate-runbook.js';

/**
 * Parse and validate runbook text (YAML or JSON). `file` names it in
 * diagnostics; `baseDir` anchors relative paths inside it.
 * Throws RunbookInvalid with every problem found.
 */
export function parseRunbook(text: string, file: string, options: { purpose?: Purpose; baseDir?: string } = {}): Runbook {
  const source = parseSource(text, file);
  return validateRunbook(source, options.purpose ?? 'check', { baseDir: options.baseDir ?? process.cwd() });
}

/** Read, parse and validate a runbook file; a missing or unreadable file is a usage error (exit 2). */
export async function loadRunbook(path: string, options: { purpose?: Purpose } = {}): Promise<Runbook> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`cannot read runbook "${path}": it is a directory`);
    if (info.size > MAX_RUNBOOK_BYTES) throw new UsageError(`runbook "${path}" is ${info.size} bytes: the limit is ${MAX_RUNBOOK_BYTES}`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const errno = errnoOf(err);
    const why = errno === 'ENOENT' ? 'no such file' : errno === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`cannot read runbook "${path}": ${why}`, { cause: err });
  }
  return parseRunbook(text, path, { purpose: options.purpose ?? 'check', baseDir: dirname(resolve(path)) });
}
