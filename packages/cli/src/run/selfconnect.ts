import { ExitCode, NettkError, UsageError, parsePort, formatHostPort } from '@nettk/core';
import { buildReport, preflight, type Preflight } from '@nettk/selfconnect';
import type { SocketEntry } from '@nettk/sockets';
import type { SelfconnectArgs } from '../commands/selfconnect.js';
import type { Io } from '../io.js';
import { runBoundVariant } from './selfconnect-bound.js';
import { describeOwner, describeSocket, findPortHolders, isSelfPair } from './selfconnect-holders.js';
import { runLoopVariant } from './selfconnect-loop.js';
import { noteWrapped, printReport } from './selfconnect-render.js';

export interface SelfconnectPlan {
  port: number;
  maxAttempts: number;
  timeoutMs: number;
  holdSeconds: number | undefined;
  /** Threads running the loop (1: this thread, one connect at a time). */
  threads: number;
}

/** Threads by default: one per core, up to four (more only contend for the same port table). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, process.getBuiltinModule('node:os').availableParallelism()));
}

/** Flags → plan; anything out of range is a usage error naming the flag. */
export function planSelfconnect(args: SelfconnectArgs): SelfconnectPlan {
  const port = parsePort(String(args.port));
  if (!Number.isInteger(args.maxAttempts) || args.maxAttempts < 1) {
    throw new UsageError(`bad --max-attempts "${args.maxAttempts}": a whole number >= 1`);
  }
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) throw new UsageError(`bad --timeout "${args.timeout}": seconds > 0`);
  if (args.hold !== undefined && (!Number.isFinite(args.hold) || args.hold < 0 || args.hold > 86_400)) {
    throw new UsageError(`bad --hold "${args.hold}": seconds from 0 to 86400`);
  }
  if (args.localPort && args.guard) {
    throw new UsageError('--guard has no effect with --local-port: like Go, the guard redials only when the kernel chose the local port');
  }
  if (args.threads !== undefined && (!Number.isInteger(args.threads) || args.threads < 1 || args.threads > 64)) {
    throw new UsageError(`bad --threads "${args.threads}": a whole number from 1 to 64`);
  }
  return { port, maxAttempts: args.maxAttempts, timeoutMs: args.timeout * 1000, holdSeconds: args.hold, threads: args.threads ?? defaultThreads() };
}

export async function runSelfconnect(args: SelfconnectArgs, io: Io): Promise<number> {
  const plan = planSelfconnect(args);
  const pre = await preflight({ host: args.host, port: plan.port });
  const refused = await refusal(pre, args, io);
  if (refused !== undefined) return refused;
  return args.localPort ? runBoundVariant(pre, plan, args, io) : runLoopVariant(pre, plan, args, io);
}

/** Exit 1 with a plain reason when the experiment cannot mean anything; undefined to go ahead. */
async function refusal(pre: Preflight, args: SelfconnectArgs, io: Io): Promise<number | undefined> {
  const where = formatHostPort(pre.address, pre.port);
  const refuse = (text: string): number => {
    noteWrapped(io, text);
    printReport(buildReport(pre, { attempts: 0, elapsedMs: 0, guard: args.guard, guardFired: 0 }), io);
    return ExitCode.negative;
  };
  const probe = pre.listener;
  if (probe.state === 'listening') {
    return refuse(`${where} has a listener (${await nameListener(pre.port)}). A connect there reaches that server, not itself, so the experiment would prove nothing: pick a port where nothing listens.`);
  }
  if (probe.state === 'error') {
    throw new NettkError('NETTK_ERR_NETWORK', `connect to ${where} failed: ${probe.failure.text}`, { cause: probe.cause });
  }
  if (probe.state === 'filtered' && !args.force) {
    const listeners = await nameListener(pre.port, false);
    return refuse(
      listeners
        ? `connects to ${where} get no answer: ${listeners} but does not accept (its accept queue is full), so the experiment would prove nothing.`
        : `connects to ${where} get no answer (a firewall DROP rule?): the SYN that has to meet itself would be dropped too. Use --force to try anyway.`,
    );
  }
  if (args.localPort) return undefined;
  if (pre.assessment.verdict === 'reproducible') return blockedBySelfPair(pre, args, io, refuse);
  if (args.force) {
    if (io.mode === 'human') noteWrapped(io, `${pre.assessment.reason}; looping anyway (--force), expect no self-connection.`, 'nettk: warning: ');
    return undefined;
  }
  const { suggestion } = pre.assessment;
  return refuse(
    `a loop of connects to ${where} will not reproduce a self-connection: ${pre.assessment.reason}. ` +
      (suggestion !== undefined ? `Try port ${suggestion}, or ` : 'Try ') +
      `--local-port for the deterministic variant (any port), or --force to loop anyway.`,
  );
}

/**
 * A connection host:PORT<->host:PORT that already exists (another run held
 * with --hold) takes the only 4-tuple the loop can reproduce; a TIME_WAIT of
 * one left by --local-port (a bind()) makes connect() skip the port until it
 * expires. Say so before looping for nothing.
 */
async function blockedBySelfPair(pre: Preflight, args: SelfconnectArgs, io: Io, refuse: (text: string) => number): Promise<number | undefined> {
  let pairs: SocketEntry[];
  try {
    pairs = (await findPortHolders(pre.port, { owners: false })).others.filter((s) => isSelfPair(s, pre.address, pre.port));
    // Name the owner only when there is one to name.
    if (pairs.some((s) => s.state === 'ESTABLISHED')) pairs = (await findPortHolders(pre.port)).others.filter((s) => isSelfPair(s, pre.address, pre.port));
  } catch {
    return undefined; // only a hint: the loop itself is the experiment
  }
  const established = pairs.find((s) => s.state === 'ESTABLISHED');
  if (established && !args.force) {
    return refuse(
      `${describeSocket(established)} already exists (${describeOwner(established)}): connect() cannot be handed ${pre.port} again while it does. ` +
        'Close it first, or use --force to loop anyway.',
    );
  }
  const timeWait = pairs.find((s) => s.state === 'TIME_WAIT');
  if (timeWait) {
    noteWrapped(
      io,
      `${describeSocket(timeWait)} is still there: if it was bound with bind() (as --local-port does), connect() skips port ${pre.port} ` +
        'until it expires (60 s after the close), and the loop will not reproduce before then.',
      'nettk: note: ',
    );
  }
  return undefined;
}

/**
 * Who listens on the port, in ss -p words; honest when the owner is
 * invisible. With `mustExist` false, '' when no listener is found.
 */
async function nameListener(port: number, mustExist = true): Promise<string> {
  try {
    const holders = await findPortHolders(port);
    if (holders.listeners.length === 0) {
      return mustExist ? 'it answers, but no local socket listens on that port: another network namespace or a redirect rule?' : '';
    }
    return holders.listeners.map((s) => `${describeSocket(s)} held by ${describeOwner(s)}`).join('; ');
  } catch (error) {
    return mustExist ? `could not list sockets: ${error instanceof Error ? error.message : String(error)}` : '';
  }
}
