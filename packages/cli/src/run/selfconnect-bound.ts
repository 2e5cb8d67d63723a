import { ExitCode, formatHostPort } from '@nettk/core';
import { buildReport, connectBoundToItself, type Preflight } from '@nettk/selfconnect';
import type { SocketEntry } from '@nettk/sockets';
import type { SelfconnectArgs } from '../commands/selfconnect.js';
import type { Io } from '../io.js';
import { describeOwner, describeSocket, findPortHolders, isSelfPair } from './selfconnect-holders.js';
import { explainRun, fmtDuration, noteWrapped, printReport } from './selfconnect-render.js';
import type { SelfconnectPlan } from './selfconnect.js';
import { showSelfConnection } from './selfconnect-session.js';

/** Sockets on the port, or [] when they cannot be listed (they only enrich the explanation). */
async function socketsOnPort(port: number, owners = false): Promise<SocketEntry[]> {
  try {
    return (await findPortHolders(port, { owners })).others;
  } catch {
    return [];
  }
}

/**
 * The deterministic variant: bind to the target and connect to it. It
 * self-connects at once for any port, and its graceful close leaves the
 * TIME_WAIT that a second run (or any bind without SO_REUSEADDR) runs into.
 */
export async function runBoundVariant(pre: Preflight, plan: SelfconnectPlan, args: SelfconnectArgs, io: Io): Promise<number> {
  const where = formatHostPort(pre.address, pre.port);
  const human = io.mode === 'human';
  const before = await socketsOnPort(pre.port);
  const oldTimeWait = before.find((s) => s.state === 'TIME_WAIT' && isSelfPair(s, pre.address, pre.port));

  const result = await connectBoundToItself({ address: pre.address, family: pre.family, port: pre.port, timeoutMs: Math.min(plan.timeoutMs, 10_000) });
  const report = (connected: boolean): void =>
    printReport(
      buildReport(pre, {
        attempts: 1,
        elapsedMs: result.elapsedMs,
        guard: false,
        guardFired: 0,
        local: connected && result.ok ? result.connection.local : undefined,
        remote: connected && result.ok ? result.connection.remote : undefined,
      }),
      io,
    );

  if (!result.ok) {
    const holders = await socketsOnPort(pre.port, true);
    const list = holders.length > 0 ? ` Sockets on port ${pre.port}: ${holders.slice(0, 4).map((s) => `${describeSocket(s)} (${describeOwner(s)})`).join('; ')}.` : '';
    noteWrapped(
      io,
      result.errno === 'EADDRINUSE'
        ? `bind(${where}) failed: EADDRINUSE.${list} A socket that got port ${pre.port} from connect(), or a TIME_WAIT left by one ` +
            `or by a bind() without SO_REUSEADDR (C, Python, Go's Dialer.LocalAddr), blocks every bind() of it; a TIME_WAIT expires 60 s ` +
            `after the close. Wait, or pick another port.`
        : `connect(${where}) from ${where} failed: EADDRNOTAVAIL: the 4-tuple ${where}<->${where} is still in use.${list} ` +
            `Another process may hold this self-connection, or a TIME_WAIT the kernel will not reuse (net.ipv4.tcp_timestamps=0). Wait 60 s or pick another port.`,
    );
    report(false);
    return ExitCode.runtime;
  }

  if (human) {
    io.print(io.out.green(`Self-connected at once by binding to ${where} and connecting to ${where} (${fmtDuration(result.elapsedMs)}).`));
    if (oldTimeWait) {
      io.print(
        io.out.dim(
          `  ${describeSocket(oldTimeWait)} from an earlier run was there: the kernel let this connect take it over ` +
            `(bound with SO_REUSEADDR, and tcp_timestamps make the reuse safe).`,
        ),
      );
    }
  }
  await showSelfConnection(result.connection, io, { family: pre.family, holdSeconds: plan.holdSeconds, close: 'fin', bound: true });
  if (human) {
    const after = await socketsOnPort(pre.port);
    const timeWait = after.find((s) => s.state === 'TIME_WAIT' && isSelfPair(s, pre.address, pre.port));
    io.print(
      timeWait
        ? `Closed with FIN: ${describeSocket(timeWait)} remains for 60 s. A bind() of ${pre.port} without SO_REUSEADDR gets EADDRINUSE until then.`
        : `Closed with FIN; no TIME_WAIT for ${where} is listed (it may already be gone).`,
    );
  }
  report(true);
  if (args.explain) explainRun(pre, { mode: 'bound', guard: false, reproduced: true, attempts: 1, guardFired: 0 }, io);
  return ExitCode.ok;
}
