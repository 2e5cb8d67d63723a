import { UsageError, formatHostPort, toJson } from '@nettk/core';
import { doctor, type DoctorReport } from '@nettk/sockets';
import type { DoctorArgs } from '../commands/doctor.js';
import type { Io } from '../io.js';
import { startSpinner } from '../spinner.js';
import { noteHiddenOwners, printLines, renderTable, safe } from './sockets-format.js';

function humanReport(r: DoctorReport, io: Io): string[] {
  const lines: string[] = [io.out.bold('Kernel knobs')];
  lines.push(...renderTable(['KNOB', 'VALUE', 'CONSEQUENCE'], r.knobs.map((k) => [k.name, k.value ?? '-', k.consequence]), io));
  lines.push('', io.out.bold(r.sampleMs > 0 ? `Counters (change over ${(r.sampleMs / 1000).toFixed(1)} s)` : 'Counters (since boot)'));
  const counterRows = r.counters
    .filter((c) => c.value !== null)
    .map((c) => {
      const delta = c.delta === null ? '' : c.delta > 0 ? `+${c.delta}` : '0';
      return [c.name, String(c.value), c.delta !== null && c.delta > 0 ? ([delta, io.out.yellow] as const) : delta, c.meaning];
    });
  lines.push(...renderTable(['COUNTER', 'VALUE', 'DELTA', 'MEANING'], counterRows, io));
  lines.push('', io.out.bold('Findings'));
  if (r.findings.length === 0) lines.push(io.out.green('No findings: queues, ports and connection states look healthy.'));
  for (const f of r.findings) {
    const tag = f.level === 'warning' ? io.out.yellow('warning') : io.out.cyan('info   ');
    lines.push(`${tag} ${safe(f.message)}`);
  }
  return lines;
}

function reportJson(r: DoctorReport): Record<string, unknown> {
  return {
    backend: r.backend,
    hiddenOwners: r.hiddenOwners,
    sampleMs: r.sampleMs,
    knobs: r.knobs,
    counters: r.counters,
    listeners: r.listeners.map((l) => ({ ...l, endpoint: formatHostPort(l.local.address, l.local.port) })),
    hotSpots: r.hotSpots,
    findings: r.findings,
    warnings: r.warnings,
  };
}

export async function runDoctor(args: DoctorArgs, io: Io): Promise<number> {
  if (!Number.isFinite(args.sample) || args.sample < 0 || args.sample > 600) throw new UsageError(`bad --sample "${args.sample}": seconds from 0 to 600`);
  const spinner = await startSpinner(io, `Sampling counters for ${args.sample} s…`);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new UsageError('interrupted'));
  process.once('SIGINT', onSignal);
  let report: DoctorReport;
  try {
    report = await doctor({ backend: args.backend, sampleMs: args.sample * 1000, signal: controller.signal });
  } finally {
    spinner.stop();
    process.removeListener('SIGINT', onSignal);
  }
  noteHiddenOwners(io, report.hiddenOwners);
  if (io.mode === 'human') printLines(io, humanReport(report, io));
  else io.print(toJson(reportJson(report)));
  return report.warnings ? 1 : 0;
}
