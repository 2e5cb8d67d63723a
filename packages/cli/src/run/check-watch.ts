import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, toJson } from '@nettk/core';
import { exitCodeForRun, reportJson, type Check, type CheckResult } from '@nettk/check';
import type { Io } from '../io.js';
import { runRound, writeJunit } from './check-round.js';
import { nameWidth, resultLine, summaryLine } from './check-render.js';

export interface WatchOptions {
  file: string;
  watch: number;
  rounds?: number | undefined;
  junit?: string | undefined;
  concurrency: number;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** A check changed when its verdict or its reason did (a latency change is not news). */
function changed(before: CheckResult | undefined, now: CheckResult): boolean {
  return !before || before.status !== now.status || before.reason !== now.reason;
}

/**
 * `--watch SECONDS`: the first round prints every check, later rounds only
 * the checks whose verdict or reason changed, each round a summary. Ctrl-C
 * (or --rounds) ends it with the exit code of the last complete round.
 */
export async function watchChecks(checks: readonly Check[], io: Io, options: WatchOptions): Promise<number> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const width = nameWidth(checks.map((c) => c.name));
  let previous = new Map<string, CheckResult>();
  let lastCode: number | undefined;
  try {
    for (let round = 1; options.rounds === undefined || round <= options.rounds; round++) {
      const report = await runRound(checks, io, { concurrency: options.concurrency, signal: controller.signal, printLines: round === 1 });
      if (controller.signal.aborted) break;
      const changes = report.results.filter((r) => changed(previous.get(r.name), r));
      if (options.junit !== undefined) await writeJunit(options.junit, report, options.file);
      if (io.mode === 'json') {
        io.print(toJson({ round, ...reportJson(report, options.file), changed: round === 1 ? [] : changes.map((r) => r.name) }));
      } else if (io.mode === 'ndjson') {
        io.print(toJson({ round, summary: reportJson(report, options.file).summary }));
      } else {
        if (round > 1) {
          for (const r of changes) {
            const was = previous.get(r.name);
            io.print(`${io.out.dim(`[${clock()}]`)} ${resultLine(r, width, io)}${was ? io.out.dim(` (was ${was.status.toUpperCase()}${was.status === 'pass' ? '' : ` ${was.reason}`})`) : ''}`);
          }
        }
        const news = round === 1 ? '' : changes.length === 0 ? ', no change' : `, ${changes.length} changed`;
        io.print(`${io.out.dim(`[${clock()}] round ${round}:`)} ${summaryLine(report.summary, io)}${news}`);
      }
      previous = new Map(report.results.map((r) => [r.name, r]));
      lastCode = exitCodeForRun(report.summary);
      if (options.rounds !== undefined && round >= options.rounds) break;
      try {
        await sleep(options.watch * 1000, undefined, { signal: controller.signal });
      } catch {
        break;
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return lastCode ?? ExitCode.runtime;
}
