import { visible, formatHostPort } from '@nettk/core';
import { checkServerBind, lsofLine, wildcardFor, type EchoProof, type SelfConnection } from '@nettk/selfconnect';
import type { Io } from '../io.js';
import { holdOpen } from './selfconnect-hold.js';
import { describeOwner, describeSocket, findPortHolders, isSelfPair } from './selfconnect-holders.js';
import { fmtDuration } from './selfconnect-render.js';

export interface SessionOptions {
  family: 4 | 6;
  /** Seconds to keep the connection open before closing it. */
  holdSeconds: number | undefined;
  /** `rst` leaves nothing behind; `fin` leaves the TIME_WAIT the --local-port variant is meant to show. */
  close: 'fin' | 'rst';
  /** The --local-port variant: the socket was bound by us (libuv sets SO_REUSEADDR), not by connect(). */
  bound: boolean;
}

/**
 * What to do with a fresh self-connection: prove it talks to itself, show
 * the kernel's view and what it does to a server wanting the port (human
 * mode), optionally hold it open, then close it. The socket is closed on
 * every path.
 */
export async function showSelfConnection(connection: SelfConnection, io: Io, options: SessionOptions): Promise<EchoProof> {
  const { local } = connection;
  try {
    const proof = await connection.prove();
    if (io.mode === 'human') await printDetails(connection, proof, io, options);
    if (options.holdSeconds !== undefined && options.holdSeconds > 0) {
      const hint = `ss -tn 'sport = :${local.port}' or nettk sockets --port ${local.port}`;
      io.note(io.err.dim(`Holding it for ${options.holdSeconds} s (Ctrl-C closes it): ${hint}`));
      const end = await holdOpen(connection, options.holdSeconds);
      if (end === 'interrupted') io.note(io.err.dim('Interrupted: closing it.'));
      if (end === 'closed') io.note(io.err.yellow('The connection was closed from outside (ss -K?).'));
    }
    return proof;
  } finally {
    await connection.close(options.close);
  }
}

async function printDetails(connection: SelfConnection, proof: EchoProof, io: Io, options: SessionOptions): Promise<void> {
  const { local, remote } = connection;
  const bytes = Buffer.byteLength(proof.sent, 'latin1');
  io.print(`  local   ${formatHostPort(local.address, local.port)}`);
  io.print(`  remote  ${formatHostPort(remote.address, remote.port)}`);
  io.print(`  ${io.out.bold(lsofLine(local, remote))}`);
  io.print(
    proof.matched
      ? `  echo    wrote ${bytes} bytes, read the same ${bytes} bytes back in ${fmtDuration(proof.ms)}: it is talking to itself`
      : io.out.red(`  echo    wrote ${bytes} bytes, read back ${JSON.stringify(visible(proof.received))}: not an echo of itself`),
  );
  await printKernelView(io, local.address, local.port);
  for (const address of [local.address, wildcardFor(options.family)]) {
    const bind = await checkServerBind(address, local.port);
    io.print(
      bind.ok
        ? `  bind    a server could still listen on ${formatHostPort(address, local.port)}` +
            (options.bound ? ' (this socket was bound with SO_REUSEADDR, as libuv does, so the port is shared)' : '')
        : `  bind    a server starting now on ${formatHostPort(address, local.port)} would fail: ${bind.errno}`,
    );
  }
}

/** The row /proc/net/tcp has for the connection: one socket, local == remote (ss shows one ESTAB line). */
async function printKernelView(io: Io, address: string, port: number): Promise<void> {
  try {
    const holders = await findPortHolders(port);
    const row = holders.others.find((s) => s.state === 'ESTABLISHED' && isSelfPair(s, address, port));
    if (row) io.print(`  kernel  one socket in /proc/net/tcp${row.family === 6 ? '6' : ''}: ${describeSocket(row)}, ${describeOwner(row)}`);
  } catch {
    // The kernel view is an illustration; the proof above does not depend on it.
  }
}
