import { ExitCode, NettkError, roundMs, toJson, formatHostPort } from '@nettk/core';
import { buildReport, runConnectLoop, type LoopResult, type Preflight } from '@nettk/selfconnect';
import type { SelfconnectArgs } from '../commands/selfconnect.js';
import type { Io } from '../io.js';
import { startSpinner } from '../spinner.js';
import { describeSocket, findPortHolders, isSelfPair } from './selfconnect-holders.js';
import { explainRun, fmtCount, fmtDuration, noteWrapped, printReport } from './selfconnect-render.js';
import type { SelfconnectPlan } from './selfconnect.js';
import { showSelfConnection } from './selfconnect-session.js';

/** The random variant: kernel-chosen source ports, guard off (or on with --guard). */
export async function runLoopVariant(pre: Preflight, plan: SelfconnectPlan, args: SelfconnectArgs, io: Io): Promise<number> {
  const where = formatHostPort(pre.address, pre.port);
  const human = io.mode === 'human';
  if (human) {
    // With --force on a port that cannot reproduce, the warning already said why.
    if (pre.assessment.verdict === 'reproducible') io.print(io.out.dim(`${pre.assessment.reason}.`));
    io.print(
      `${args.guard ? 'Guarded' : 'Unguarded'} connects to ${where}, ${plan.threads > 1 ? `in ${plan.threads} threads` : 'one at a time'} ` +
        `(at most ${fmtCount(plan.maxAttempts)} attempts, ${plan.timeoutMs / 1000} s)…`,
    );
  }
  const spinner = await startSpinner(io, `Connecting to ${where}…`);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  // Each refused connect is an Error that Node builds with a captured stack
  // trace, formatted again when the socket is destroyed: 20-30% of the loop.
  // The loop reads only their codes; --debug keeps traces.
  const stackTraceLimit = Error.stackTraceLimit;
  if (!io.debug) Error.stackTraceLimit = 0;
  let result: LoopResult;
  try {
    result = await runConnectLoop({
      address: pre.address,
      family: pre.family,
      port: pre.port,
      maxAttempts: plan.maxAttempts,
      timeoutMs: plan.timeoutMs,
      guard: args.guard,
      threads: plan.threads,
      debug: io.debug,
      signal: controller.signal,
      progressIntervalMs: io.mode === 'ndjson' ? 1000 : 100,
      onProgress:
        io.mode === 'ndjson'
          ? (p) => io.print(toJson({ type: 'progress', attempts: p.attempts, elapsedMs: roundMs(p.elapsedMs), perSecond: Math.round(p.perSecond), guardFired: p.guardFired }))
          : (p) =>
              spinner.update(
                `Connecting to ${where}: ${fmtCount(p.attempts)} attempts, ${fmtCount(p.perSecond)}/s, ${fmtDuration(p.elapsedMs)}` +
                  (args.guard ? `, guard fired ${p.guardFired}×` : ''),
              ),
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    spinner.stop();
    process.removeListener('SIGINT', onSignal);
  }

  const rate = human ? `${fmtCount(result.attempts)} attempts in ${fmtDuration(result.elapsedMs)}, ${fmtCount(result.perSecond)} attempts/s` : '';
  const connection = result.connection;
  if (connection) {
    // With several threads the count is every thread's connects when they stopped, not one thread's index.
    if (human) io.print(io.out.green(plan.threads > 1 ? `Self-connected after ${rate}.` : `Self-connected on attempt ${fmtCount(result.attempts)} (${rate}).`));
    await showSelfConnection(connection, io, { family: pre.family, holdSeconds: plan.holdSeconds, close: 'rst', bound: false });
    if (human) io.print(io.out.dim('Closed with RST: no TIME_WAIT is left, so the experiment can be repeated at once.'));
  } else if (human) {
    await printNoSelfConnection(result, pre, args, io, rate);
  }

  printReport(
    buildReport(pre, {
      attempts: result.attempts,
      elapsedMs: result.elapsedMs,
      guard: args.guard,
      guardFired: result.guardFired,
      local: connection?.local,
      remote: connection?.remote,
    }),
    io,
  );
  if (args.explain) {
    explainRun(pre, { mode: 'loop', guard: args.guard, reproduced: connection !== undefined, attempts: result.attempts, guardFired: result.guardFired }, io);
  } else if (human && connection) {
    io.print(io.out.dim(`Why, and what to do about it: nettk selfconnect ${pre.port} --explain`));
  }
  return exitCode(result, args, io, where);
}

async function printNoSelfConnection(result: LoopResult, pre: Preflight, args: SelfconnectArgs, io: Io, rate: string): Promise<void> {
  const ended = result.stop === 'aborted' ? ' (interrupted)' : result.stop === 'timeout' ? ' (--timeout reached)' : '';
  if (args.guard) {
    const caught =
      result.guardFired > 0
        ? `the guard fired ${result.guardFired}× (the kernel handed out ${pre.port} and the guard closed and redialled each time)`
        : `the guard never had to fire: the kernel did not hand out ${pre.port} in these attempts, so this proves little (raise --max-attempts)`;
    io.print(`${io.out.green('0 self-connections')} in ${rate}${ended}: ${caught}.`);
    return;
  }
  if (result.stop === 'listener' || result.stop === 'local-error') return;
  io.print(`${io.out.yellow('No self-connection')} in ${rate}${ended}.`);
  if (pre.assessment.verdict !== 'reproducible') return;
  try {
    const holders = await findPortHolders(pre.port, { owners: false });
    // Self-pairs were reported before the loop; other sockets on the port may have bound it.
    const blocking = holders.others.filter((s) => !isSelfPair(s, pre.address, pre.port));
    if (blocking.length > 0) {
      noteWrapped(
        io,
        `port ${pre.port} is in use by ${blocking.slice(0, 3).map(describeSocket).join(', ')}${blocking.length > 3 ? ', …' : ''}: ` +
          `if one of them bound it with bind(), connect() skips the port until it is released.`,
        'nettk: note: ',
      );
    }
  } catch {
    // Only a hint: the result above stands without it.
  }
}

function exitCode(result: LoopResult, args: SelfconnectArgs, io: Io, where: string): number {
  if (result.stop === 'listener') {
    noteWrapped(io, `a server started answering on ${where} during the loop (after ${result.attempts} attempts): the experiment is void.`);
    return ExitCode.negative;
  }
  if (result.stop === 'local-error') {
    const failure = result.lastFailure;
    throw new NettkError(
      'NETTK_ERR_NETWORK',
      `connects to ${where} kept failing after ${result.attempts} attempts: ${failure?.text ?? 'unknown error'}` +
        (failure?.errno === 'EADDRNOTAVAIL' ? ' (ephemeral ports exhausted? see ss -s)' : ''),
    );
  }
  if (args.guard) return result.connection ? ExitCode.negative : ExitCode.ok;
  return result.connection ? ExitCode.ok : ExitCode.negative;
}
