import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ExitCode, UsageError, toJson } from '@nettk/core';
import { RunbookInvalid, exitCodeForRun, formatDiagnostic, loadRunbook, reportJson, selectChecks, type RunReport } from '@nettk/check';
import type { CheckArgs } from '../commands/check.js';
import type { Io } from '../io.js';
import { summaryLine } from './check-render.js';
import { runRound, writeJunit } from './check-round.js';
import { watchChecks } from './check-watch.js';

function validateArgs(args: CheckArgs): void {
  if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1)) {
    throw new UsageError(`bad --concurrency "${args.concurrency}": a whole number >= 1`);
  }
  if (args.watch !== undefined && (!Number.isFinite(args.watch) || args.watch < 0.1 || args.watch > 86_400)) {
    throw new UsageError(`bad --watch "${args.watch}": seconds between 0.1 and 86400`);
  }
  if (args.rounds !== undefined && (!Number.isInteger(args.rounds) || args.rounds < 1)) throw new UsageError(`bad --rounds "${args.rounds}": a whole number >= 1`);
  if (args.rounds !== undefined && args.watch === undefined) throw new UsageError('--rounds needs --watch');
  if (args.junit === '') throw new UsageError('--junit needs a file name');
}

/** Every validation error, one `FILE:LINE:COLUMN: message` a line (or one JSON document). */
function reportInvalid(err: RunbookInvalid, file: string, io: Io): number {
  if (io.mode !== 'human') {
    io.print(toJson({ file, valid: false, errors: err.diagnostics }));
  } else {
    for (const d of err.diagnostics) io.note(formatDiagnostic(d));
    io.note(`nettk: ${file}: ${err.diagnostics.length} error${err.diagnostics.length === 1 ? '' : 's'}, nothing was run`);
  }
  return ExitCode.usage;
}

async function checkJunitPath(path: string): Promise<void> {
  const dir = dirname(resolve(path));
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`cannot write --junit "${path}": no directory ${dir}`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`cannot write --junit "${path}": it is a directory`);
}

export async function runCheckCommand(args: CheckArgs, io: Io): Promise<number> {
  validateArgs(args);
  let runbook;
  try {
    runbook = await loadRunbook(args.file);
  } catch (err) {
    if (err instanceof RunbookInvalid) return reportInvalid(err, args.file, io);
    throw err;
  }
  if (args.validate) {
    if (io.mode === 'human') io.print(`${args.file}: valid (${runbook.checks.length} checks, ${runbook.modules.length} modules)`);
    else io.print(toJson({ file: args.file, valid: true, checks: runbook.checks.length, modules: runbook.modules.length }));
    return ExitCode.ok;
  }
  const checks = selectChecks(runbook.checks, args.only ?? [], args.tag ?? []);
  if (args.junit !== undefined) await checkJunitPath(args.junit);
  const concurrency = args.concurrency ?? runbook.defaults.concurrency;
  if (args.watch !== undefined) return watchChecks(checks, io, { ...args, watch: args.watch, concurrency });

  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  let report: RunReport;
  try {
    report = await runRound(checks, io, { concurrency, signal: controller.signal, printLines: true });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  const interrupted = controller.signal.aborted;
  if (args.junit !== undefined) await writeJunit(args.junit, report, args.file);
  if (io.mode === 'json') io.print(toJson({ ...reportJson(report, args.file), interrupted }));
  else if (io.mode === 'ndjson') io.print(toJson({ summary: reportJson(report, args.file).summary, interrupted }));
  else io.print(summaryLine(report.summary, io, interrupted));
  return interrupted ? ExitCode.runtime : exitCodeForRun(report.summary);
}
