import { ExitCode, UsageError, parseHostPort, parsePort, resolveAll } from '@nettk/core';
import { stateLabel, whoHolds } from '@nettk/sockets';
import type { WhoArgs } from '../commands/who.js';
import type { Io } from '../io.js';
import { endpoint, familyOf, noteHiddenOwners, ownerCells, protoLabel, printLines, renderTable, safe } from './sockets-format.js';

export interface WhoTarget {
  port: number;
  host: string | null;
}

/** "8080", ":8080", "http", "127.0.0.1:8080", "[::1]:8080", "localhost:8080". */
export function parseWhoTarget(input: string): WhoTarget {
  const text = input.trim();
  if (text.startsWith(':')) return { port: parsePort(text.slice(1)), host: null };
  if (/^[^:[\]]+$/.test(text) && !text.includes('.')) return { port: parsePort(text), host: null };
  const hp = parseHostPort(text);
  if (hp.port === undefined) throw new UsageError(`no port in "${input}": nettk who PORT | :PORT | HOST:PORT`);
  return { port: hp.port, host: hp.host };
}

/** A host name counts for every address it resolves to (localhost: 127.0.0.1 and ::1). */
async function addressesOf(host: string): Promise<string[]> {
  try {
    return (await resolveAll(host, { timeoutMs: 5000 })).map((a) => a.address);
  } catch (error) {
    throw new UsageError(`cannot resolve "${host}"`, { cause: error });
  }
}

export async function runWho(args: WhoArgs, io: Io): Promise<number> {
  const target = parseWhoTarget(args.target);
  const family = familyOf(args);
  const addresses = target.host === null ? undefined : await addressesOf(target.host);
  const report = await whoHolds({ port: target.port, backend: args.backend, ...(family ? { family } : {}), ...(addresses ? { addresses } : {}) });
  noteHiddenOwners(io, report.hiddenOwners);
  const holders = report.holders;
  if (io.mode === 'json') {
    io.print(JSON.stringify({ port: report.port, addresses: report.addresses, backend: report.backend, hiddenOwners: report.hiddenOwners, holders }));
  } else if (io.mode === 'ndjson') {
    io.stdout.write(holders.map((h) => JSON.stringify(h) + '\n').join(''));
  } else if (holders.length === 0) {
    io.note(`nettk: nobody holds port ${target.port}${target.host ? ` on ${target.host}` : ''}`);
  } else {
    const rows = holders.map((h) => {
      const [pid, command, user] = ownerCells(h);
      return [command, pid, user, h.fd === null ? '-' : String(h.fd), protoLabel(h), stateLabel(h.state), endpoint(h.local), endpoint(h.remote, true)];
    });
    printLines(io, renderTable(['COMMAND', 'PID', 'USER', 'FD', 'PROTO', 'STATE', 'LOCAL', 'PEER'], rows, io));
    const lines = new Map<number, string | null>();
    for (const h of holders) if (h.pid !== null && !lines.has(h.pid)) lines.set(h.pid, h.commandLine);
    for (const [pid, line] of lines) io.print(io.out.dim(`pid ${pid}: `) + safe(line ?? '(command line not readable)'));
    const unowned = holders.filter((h) => h.pid === null && h.inode === 0).length;
    if (unowned > 0) io.print(io.out.dim(`${unowned} socket${unowned === 1 ? ' belongs' : 's belong'} to no process (TIME_WAIT or SYN_RECV: the kernel holds ${unowned === 1 ? 'it' : 'them'})`));
  }
  return holders.length === 0 ? ExitCode.negative : ExitCode.ok;
}
