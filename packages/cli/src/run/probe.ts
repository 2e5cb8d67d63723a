import {
  ExitCode,
  UsageError,
  expandPorts,

  parseHostList,
  parseHostPort,
  roundMs,
  toJson,
  type HostSpec,
} from '@nettk/core';
import { probe, type ProbeReport, type ProbeResult } from '@nettk/probe';
import type { ProbeArgs } from '../commands/probe.js';
import type { Io } from '../io.js';
import { startSpinner } from '../spinner.js';

/** Up to this many results, print one nc-style line per port; past it, a scan table. */
const LINE_MODE_MAX = 16;

export interface ProbePlan {
  hosts: HostSpec[];
  ports: number[];
}

/** Hosts and ports from `probe HOST [PORTS..]`, where HOST may carry the port (`host:22`, `[::1]:80`). */
export function planProbe(hostArg: string, portArgs: ReadonlyArray<string | number>): ProbePlan {
  const specs = portArgs.map(String);
  if (specs.length > 0) return { hosts: parseHostList(hostArg), ports: expandPorts(specs) };
  const hosts: HostSpec[] = [];
  const ports: string[] = [];
  for (const entry of hostArg.split(',')) {
    const hp = parseHostPort(entry);
    if (hp.port === undefined) throw new UsageError(`no port given for "${entry}": nettk probe HOST PORTS (e.g. nettk probe ${entry} 22)`);
    hosts.push({ host: hp.host, family: hp.family });
    ports.push(String(hp.port));
  }
  const unique = new Set(ports);
  if (unique.size > 1) throw new UsageError('host:port entries with different ports: give the ports as separate arguments');
  return { hosts, ports: expandPorts(ports) };
}

function validate(args: ProbeArgs): void {
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) throw new UsageError(`bad --timeout "${args.timeout}": seconds > 0`);
  if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1)) {
    throw new UsageError(`bad --concurrency "${args.concurrency}": a whole number >= 1`);
  }
  if (!Number.isInteger(args.retries) || args.retries < 0) throw new UsageError(`bad --retries "${args.retries}": a whole number >= 0`);
}

/** nc's exit rule by default; --all / --expect make it strict for runbooks. From the summary: closed results may not be kept. */
export function probeExitCode(report: ProbeReport, args: Pick<ProbeArgs, 'all' | 'expect'>): number {
  const s = report.summary;
  const total = s.open + s.closed + s.filtered + s.unreachable + s.error;
  if (total > 0 && s.error === total) return ExitCode.runtime;
  // "Not open": refused, dropped or unreachable all mean the port is shut; an error proves nothing.
  if (args.expect === 'closed') return s.open === 0 && s.error === 0 ? ExitCode.ok : ExitCode.negative;
  if (args.all || args.expect === 'open') return s.open === total ? ExitCode.ok : ExitCode.negative;
  return s.open > 0 ? ExitCode.ok : ExitCode.negative;
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

function ncLine(r: ProbeResult, io: Io): string {
  const who = r.address && r.address !== r.host ? `${r.host} (${r.address})` : r.host;
  const svc = `[tcp/${r.service ?? '*'}]`;
  const detail = io.out.dim(`[${r.state}, ${r.reason}, ${fmtMs(r.ms)}]`);
  if (r.state === 'open') return `Connection to ${who} ${r.port} port ${svc} ${io.out.green('succeeded!')} ${detail}`;
  if (r.state === 'error' && r.address === null) return `connect to ${r.host} port ${r.port} (tcp) failed: ${r.text} ${detail}`;
  const verb = r.reason === 'no-response' ? io.out.yellow('timed out') : `failed: ${io.out.red(r.text)}`;
  return `connect to ${who} port ${r.port} (tcp) ${verb} ${detail}`;
}

function scanTable(report: ProbeReport, io: Io): string[] {
  const lines: string[] = [];
  // One group per probed address (or per host that did not resolve), in scan order.
  const groups = new Map<string, { results: ProbeResult[]; omitted: number }>();
  const group = (key: string): { results: ProbeResult[]; omitted: number } => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { results: [], omitted: 0 }));
    return g;
  };
  const label = (host: string, address: string | null): string => (address ? `${host}${address !== host ? ` (${address})` : ''}` : host);
  for (const r of report.results) group(label(r.host, r.address)).results.push(r);
  for (const o of report.closedOmitted) {
    const t = report.targets[o.target]!;
    group(label(t.host, t.addresses[o.address]?.address ?? null)).omitted += o.count;
  }
  // Scan order: by target, then address, as the results are sorted.
  const order: string[] = [];
  for (const t of report.targets) {
    for (const who of t.addresses.length > 0 ? t.addresses.map((a) => label(t.host, a.address)) : [label(t.host, null)]) {
      if (groups.has(who) && !order.includes(who)) order.push(who);
    }
  }
  for (const who of order) {
    const { results, omitted: closedOut } = groups.get(who)!;
    const notClosed = results.filter((r) => r.state !== 'closed');
    const shown = notClosed.length - results.filter((r) => r.state === 'open').length <= 25 ? notClosed : results.filter((r) => r.state === 'open');
    lines.push(io.out.bold(`nettk probe report for ${who}`));
    if (results[0]?.address === null) {
      lines.push(`  ${io.out.red(results[0].text)}`);
      continue;
    }
    if (shown.length > 0) {
      lines.push(io.out.dim(`${'PORT'.padEnd(11)} ${'STATE'.padEnd(11)} ${'SERVICE'.padEnd(16)} ${'REASON'.padEnd(16)} TIME`));
      for (const r of shown) {
        const state = r.state === 'open' ? io.out.green(r.state.padEnd(11)) : io.out.yellow(r.state.padEnd(11));
        lines.push(`${`${r.port}/tcp`.padEnd(11)} ${state} ${(r.service ?? '').padEnd(16)} ${r.reason.padEnd(16)} ${fmtMs(r.ms)}`);
      }
    }
    const count = (s: string): number => results.filter((r) => r.state === s).length;
    const hidden = results.length + closedOut - shown.length;
    if (hidden > 0) {
      lines.push(io.out.dim(`Not shown: ${hidden} ports (${count('closed') + closedOut} closed, ${count('filtered')} filtered, ${count('unreachable')} unreachable, ${count('error')} error)`));
    }
  }
  const s = report.summary;
  lines.push(
    `Probed ${report.probed} port${report.probed === 1 ? '' : 's'} in ${fmtMs(s.elapsedMs)}: ` +
      `${io.out.green(`${s.open} open`)}, ${s.closed} closed, ${s.filtered} filtered, ${s.unreachable} unreachable, ${s.error} error` +
      (s.guardFired > 0 ? io.out.dim(` (self-connect guard fired ${s.guardFired}×: no phantom ports)`) : ''),
  );
  return lines;
}

function jsonResult(r: ProbeResult): Record<string, unknown> {
  return {
    host: r.host,
    address: r.address,
    family: r.family,
    port: r.port,
    service: r.service,
    state: r.state,
    reason: r.reason,
    errno: r.errno,
    ms: roundMs(r.ms),
  };
}

export async function runProbe(args: ProbeArgs, io: Io): Promise<number> {
  validate(args);
  const plan = planProbe(args.host, args.ports ?? []);
  const family = args['4'] ? 4 : args['6'] ? 6 : 0;
  const total = plan.hosts.length * plan.ports.length;
  const spinner = await startSpinner(io, `Probing ${total} port${total === 1 ? '' : 's'}…`);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new UsageError('interrupted'));
  process.once('SIGINT', onSignal);
  let report: ProbeReport;
  // Each refused port is an Error that Node builds with a captured stack
  // trace; a scan reads only their codes (this thread scans a share of a
  // big scan too). --debug keeps traces.
  const stackTraceLimit = Error.stackTraceLimit;
  if (!io.debug) Error.stackTraceLimit = 0;
  try {
    report = await probe({
      hosts: plan.hosts,
      ports: plan.ports,
      timeoutMs: args.timeout * 1000,
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      family,
      retries: args.retries,
      first: args.first ?? false,
      guard: args.guard,
      signal: controller.signal,
      // The scan table shows what answered and counts the refusals: a wide scan need not keep them.
      keepClosed: io.mode !== 'human' || total <= LINE_MODE_MAX,
      onResult: io.mode === 'ndjson' ? (r) => io.print(toJson(jsonResult(r))) : undefined,
      onProgress: (p) => spinner.update(`Probing: ${p.done}/${p.total} done, ${p.open} open`),
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    spinner.stop();
    process.removeListener('SIGINT', onSignal);
  }

  if (io.mode === 'json') {
    io.print(
      toJson({
        targets: report.targets.map((t) => ({ host: t.host, addresses: t.addresses.map((a) => a.address), error: t.error })),
        results: report.results.map(jsonResult),
        summary: { ...report.summary, elapsedMs: roundMs(report.summary.elapsedMs) },
      }),
    );
  } else if (io.mode === 'ndjson') {
    io.print(toJson({ summary: { ...report.summary, elapsedMs: roundMs(report.summary.elapsedMs) } }));
  } else if (report.probed <= LINE_MODE_MAX) {
    for (const r of report.results) io.print(ncLine(r, io));
  } else {
    for (const line of scanTable(report, io)) io.print(line);
  }
  return probeExitCode(report, args);
}

