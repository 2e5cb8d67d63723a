import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '@nettk/core';

/** One problem found in a runbook, with the position an editor can jump to (1-based). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `FILE:LINE:COLUMN: message`, the shape compilers use so editors and CI annotate the line. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A runbook that failed validation: every problem found, not just the first.
 * A usage error (exit 2); the message is the first diagnostic so a one-line
 * report still names a position.
 */
export class RunbookInvalid extends UsageError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    const first = sorted[0];
    const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more)` : '';
    super(first ? `${formatDiagnostic(first)}${more}` : 'invalid runbook');
    this.name = 'RunbookInvalid';
    this.diagnostics = sorted;
  }
}

/** A parsed runbook file: the YAML document (JSON is parsed as YAML 1.2, a superset) and its line index. */
export interface Source {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Syntax errors, positioned. */
  diagnostics: Diagnostic[];
}

/** Caps a runbook so a wrong path (a log, a binary) fails fast instead of eating memory. */
export const MAX_RUNBOOK_BYTES = 4 * 1024 * 1024;

/** 1-based line and column of a character offset. */
export function positionOf(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(Math.max(0, offset));
  return { line, column: col };
}

/**
 * Parse runbook text. YAML merge keys (`<<: *base`) are allowed so a file can
 * share settings between checks; duplicate keys are errors (yaml's default).
 */
export function parseSource(text: string, file: string): Source {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true, keepSourceTokens: false });
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    file,
    ...positionOf(lines, e.pos[0]),
    // yaml's messages may carry a context excerpt after the first line; the position already says where.
    message: `syntax: ${e.message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
  }));
  return { file, doc, lines, diagnostics };
}
