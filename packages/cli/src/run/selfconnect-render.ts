import { toJson } from '@nettk/core';
import { explainSelfConnect, type ExplainContext, type ExplainSection, type Preflight, type SelfConnectReport } from '@nettk/selfconnect';
import type { Io } from '../io.js';

/** 12,345 (without toLocaleString: its first call initialises ICU, ~10 ms). */
export function fmtCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Greedy word wrap with a hanging indent; long words are left whole. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${word}` : word;
  }
  if (line.length > indent.length) lines.push(line);
  return lines;
}

function width(io: Io): number {
  const columns = io.stdout.isTTY ? io.stdout.columns : io.stderr.isTTY ? io.stderr.columns : undefined;
  return Math.max(60, Math.min(100, columns ?? 100));
}

/** The --explain sections as indented paragraphs, wrapped only for a terminal (a pipe gets one line each, for grep). */
export function explanationLines(sections: readonly ExplainSection[], io: Io, toStderr = false): string[] {
  const out: string[] = [];
  const painter = toStderr ? io.err : io.out;
  const tty = (toStderr ? io.stderr : io.stdout).isTTY === true;
  const w = tty ? width(io) : Number.MAX_SAFE_INTEGER;
  for (const section of sections) {
    out.push('', painter.bold(section.title));
    for (const paragraph of section.paragraphs) {
      const wrapped = wrap(paragraph, w, '    ');
      wrapped[0] = `  - ${wrapped[0]!.trimStart()}`;
      out.push(...wrapped);
    }
  }
  return out;
}

/**
 * Print the explanation where it does not break machine output: stdout for
 * humans, stderr when stdout carries JSON.
 */
export function printExplanation(sections: readonly ExplainSection[], io: Io): void {
  if (io.mode === 'human') for (const line of explanationLines(sections, io)) io.print(line);
  else for (const line of explanationLines(sections, io, true)) io.note(line);
}

/** --explain for a run: the preflight's facts about the port, and what the run did. */
export function explainRun(pre: Preflight, run: Omit<ExplainContext, 'address' | 'port' | 'facts' | 'assessment'>, io: Io): void {
  printExplanation(explainSelfConnect({ address: pre.address, port: pre.port, facts: pre.facts, assessment: pre.assessment, ...run }), io);
}

/** The one document for --json, the last line for --ndjson. */
export function printReport(report: SelfConnectReport, io: Io): void {
  if (io.mode !== 'human') io.print(toJson(report));
}

/**
 * `nettk: ...` on stderr whatever the mode: one line for scripts, wrapped
 * only when a person reads it on a terminal.
 */
export function noteWrapped(io: Io, text: string, prefix = 'nettk: '): void {
  if (!io.stderr.isTTY) {
    io.note(`${prefix}${text}`);
    return;
  }
  const lines = wrap(`${prefix}${text}`, width(io), '');
  io.note(lines[0] ?? prefix);
  for (const line of lines.slice(1)) io.note(`  ${line}`);
}
