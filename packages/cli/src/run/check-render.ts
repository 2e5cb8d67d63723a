import { createRequire } from 'node:module';
import { visible } from '@nettk/core';
import { formatMs, type CheckResult, type RunSummary } from '@nettk/check';
import type { Io } from '../io.js';

/**
 * ora is ESM-only; Node >= 20.19 can require() it. require first: the CLI
 * bundle runs from a V8 code cache (bin/nettk.js) where import() throws
 * "A dynamic import callback was not specified".
 */
async function loadOra(): Promise<typeof import('ora').default> {
  try {
    return (createRequire(import.meta.url)('ora') as typeof import('ora')).default;
  } catch {
    return (await import('ora')).default;
  }
}

/** What the check runner shows while it works: a spinner on a terminal, nothing elsewhere. */
export interface Progress {
  text(t: string): void;
  /** Print a result line to stdout without tearing the spinner line. */
  print(line: string): void;
  stop(): void;
}

/**
 * An ora spinner on stderr when it is a terminal. ora is imported only here
 * and only then; lines for stdout clear the spinner first when both streams
 * share the terminal.
 */
export async function startProgress(io: Io, text: string): Promise<Progress> {
  // A terminal that reports no width (a pty from `script`, some CI runners) cannot be drawn on: ora's
  // clear() divides by the column count and would emit cursor-up codes without end.
  if (!io.interactive || io.mode !== 'human' || !((io.stderr.columns ?? 0) > 0)) {
    return { text: () => {}, print: (line) => io.print(line), stop: () => {} };
  }
  const ora = await loadOra();
  const spinner = ora({ text, stream: io.stderr, discardStdin: false }).start();
  const shared = io.stdout.isTTY === true;
  return {
    text: (t) => {
      spinner.text = t;
    },
    print: (line) => {
      if (shared) spinner.clear();
      io.print(line);
      if (shared) spinner.render();
    },
    stop: () => spinner.stop(),
  };
}

const NAME_WIDTH_MAX = 32;

export function nameWidth(names: readonly string[]): number {
  return Math.min(NAME_WIDTH_MAX, Math.max(4, ...names.map((n) => n.length)));
}

function statusWord(r: Pick<CheckResult, 'status'>, io: Io): string {
  if (r.status === 'pass') return io.out.green('PASS ');
  if (r.status === 'fail') return io.out.red('FAIL ');
  return io.out.yellow('ERROR');
}

/** `PASS  web   1.20 ms  127.0.0.1:80 open`; the message may carry peer text, so it is made visible. */
export function resultLine(r: CheckResult, width: number, io: Io): string {
  const name = visible(r.name).padEnd(width);
  const ms = formatMs(r.durationMs).padStart(9);
  const retried = r.attempts > 1 ? io.out.dim(` (${r.attempts} attempts)`) : '';
  const reason = r.status === 'pass' ? '' : `${io.out.bold(r.reason)}: `;
  return `${statusWord(r, io)} ${name} ${io.out.dim(ms)}  ${reason}${visible(r.message)}${retried}`;
}

export function summaryLine(s: RunSummary, io: Io, interrupted = false): string {
  const parts = [io.out.green(`${s.passed} passed`), s.failed > 0 ? io.out.red(`${s.failed} failed`) : '0 failed'];
  if (s.errors > 0) parts.push(io.out.yellow(`${s.errors} could not run`));
  const head = `${s.total} check${s.total === 1 ? '' : 's'}`;
  return `${head}: ${parts.join(', ')} in ${formatMs(s.durationMs)}${interrupted ? io.out.yellow(' (interrupted)') : ''}`;
}

/** Prints results in the runbook's order as soon as every earlier one is in, so output is stable yet prompt. */
export class OrderedPrinter {
  private readonly pending = new Map<number, CheckResult>();
  private next = 0;
  constructor(private readonly emit: (r: CheckResult) => void) {}
  add(index: number, r: CheckResult): void {
    this.pending.set(index, r);
    for (let p = this.pending.get(this.next); p; p = this.pending.get(this.next)) {
      this.pending.delete(this.next++);
      this.emit(p);
    }
  }
}
