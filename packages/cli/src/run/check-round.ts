import { rename, writeFile } from 'node:fs/promises';
import { toJson } from '@nettk/core';
import { resultJson, runChecks, toJUnit, type Check, type RunReport } from '@nettk/check';
import type { Io } from '../io.js';
import { VERSION } from '../version.js';
import { OrderedPrinter, nameWidth, resultLine, startProgress } from './check-render.js';

/** Written next to the target and renamed, so a CI reader never sees half a report. */
export async function writeJunit(path: string, report: RunReport, file: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, toJUnit(report, file, VERSION));
  await rename(tmp, path);
}

export interface RoundOptions {
  concurrency: number;
  signal: AbortSignal;
  /** Human mode: print each line as it comes (false in watch rounds after the first, which print changes). */
  printLines: boolean;
}

/** One run of the selected checks with the output each mode wants while it runs. */
export async function runRound(checks: readonly Check[], io: Io, options: RoundOptions): Promise<RunReport> {
  const width = nameWidth(checks.map((c) => c.name));
  const progress = options.printLines ? await startProgress(io, `Running ${checks.length} check${checks.length === 1 ? '' : 's'}…`) : undefined;
  const printer = new OrderedPrinter((r) => progress?.print(resultLine(r, width, io)));
  let done = 0;
  let failed = 0;
  try {
    return await runChecks(checks, {
      concurrency: options.concurrency,
      signal: options.signal,
      onResult: (r, index) => {
        done++;
        if (r.status !== 'pass') failed++;
        if (io.mode === 'ndjson') io.print(toJson(resultJson(r)));
        else if (io.mode === 'human') printer.add(index, r);
        progress?.text(`Running checks: ${done}/${checks.length} done${failed ? `, ${failed} not passing` : ''}`);
      },
    });
  } finally {
    progress?.stop();
  }
}
