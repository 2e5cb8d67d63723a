import { debuglog } from 'node:util';
import { UsageError } from '@nettk/core';
import type { BackendChoice, ListOptions, SocketList } from './model.js';
import { listFromProc } from './proc/backend.js';
import { ToolUnavailable } from './tool.js';

const debug = debuglog('nettk');

export const BACKENDS: readonly BackendChoice[] = ['auto', 'ss', 'proc', 'lsof'];

/**
 * Every socket (TCP and UDP, IPv4 and IPv6, all states) from the chosen
 * backend; ss, proc and lsof give the same answer (tested), except that only
 * ss knows a listener's backlog limit.
 *
 * auto: ss when the caller needs listener backlogs (`listenerBacklog`),
 * falling back to /proc when ss is missing or fails; /proc otherwise, because
 * there it is the same answer without an external process: on a host with
 * 20,000 sockets `ss -p` spends ~300 ms walking /proc/PID/fd (plus a getxattr
 * per socket) and loading execa costs ~100-180 ms, while the in-process walk
 * takes ~150 ms and can stop early for one port.
 */
export async function listSockets(options: ListOptions = {}): Promise<SocketList> {
  const backend = options.backend ?? 'auto';
  switch (backend) {
    case 'proc':
      return listFromProc(options);
    case 'ss':
      return (await import('./ss/backend.js')).listFromSs(options);
    case 'lsof':
      return (await import('./lsof/backend.js')).listFromLsof(options);
    case 'auto':
      if (!options.listenerBacklog) return listFromProc(options);
      try {
        return await (await import('./ss/backend.js')).listFromSs(options);
      } catch (error) {
        if (!(error instanceof ToolUnavailable)) throw error;
        debug('ss unavailable (%s): reading /proc', error.message);
        return listFromProc(options);
      }
    default:
      throw new UsageError(`unknown backend ${JSON.stringify(backend)} (expected ${BACKENDS.join(', ')})`);
  }
}
