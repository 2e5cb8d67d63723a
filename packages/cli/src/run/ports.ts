import { ExitCode, expandPorts, toJson } from '@nettk/core';
import { listListeners, type Listener } from '@nettk/sockets';
import type { PortsArgs } from '../commands/ports.js';
import type { Io } from '../io.js';
import { endpoint, familyOf, noteHiddenOwners, ownerCells, protoLabel, protosOf, printLines, renderTable } from './sockets-format.js';

/** "3/2 FULL", "0/511", "3/?" when the backend cannot know the backlog; UDP has no accept queue. */
export function queueCell(l: Listener): string {
  if (l.proto === 'udp') return '-';
  const q = `${l.recvQ}/${l.sendQ ?? '?'}`;
  return l.queueFull ? `${q} FULL` : q;
}

export async function runPorts(args: PortsArgs, io: Io): Promise<number> {
  const wanted = args.port === undefined ? undefined : new Set(expandPorts([String(args.port)]));
  const family = familyOf(args);
  const protos = protosOf(args);
  const report = await listListeners({ backend: args.backend, ...(family ? { family } : {}), ...(protos ? { protos } : {}) });
  const listeners = wanted ? report.listeners.filter((l) => wanted.has(l.local.port)) : report.listeners;
  noteHiddenOwners(io, report.hiddenOwners);
  if (io.mode === 'json') {
    io.print(toJson({ backend: report.backend, hiddenOwners: report.hiddenOwners, listeners }));
  } else if (io.mode === 'ndjson') {
    for (const l of listeners) io.print(toJson(l));
  } else if (listeners.length === 0) {
    io.note(wanted ? 'nettk: nothing listens on those ports' : 'nettk: no listening sockets');
  } else {
    const rows = listeners.map((l) => {
      const queue = queueCell(l);
      return [protoLabel(l), endpoint(l.local), l.service ?? '-', l.queueFull ? ([queue, io.out.red] as const) : queue, ...ownerCells(l)];
    });
    printLines(io, renderTable(['PROTO', 'LOCAL', 'SERVICE', 'QUEUE', 'PID', 'COMMAND', 'USER'], rows, io));
    const full = listeners.filter((l) => l.queueFull);
    if (full.length > 0) io.print(io.out.red(`${full.length} listener${full.length === 1 ? ' has' : 's have'} a full accept queue (recv > backlog): new connections are dropped; run nettk doctor`));
    if (listeners.some((l) => l.queueFull === null)) io.print(io.out.dim(`QUEUE is accept queue/backlog; the ${report.backend} backend cannot see the backlog (?)`));
  }
  return wanted && listeners.length === 0 ? ExitCode.negative : ExitCode.ok;
}
