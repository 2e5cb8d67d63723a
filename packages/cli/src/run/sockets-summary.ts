import type { SocketState, SocketSummary } from '@nettk/sockets';
import { stateLabel } from '@nettk/sockets';
import type { Io } from '../io.js';
import { renderTable, safe } from './sockets-format.js';

function states(byState: Partial<Record<SocketState, number>>): string {
  const parts = Object.entries(byState)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([state, n]) => `${stateLabel(state as SocketState).toLowerCase()} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** ss -s's shape, then what only nettk says: where CLOSE_WAIT and TIME_WAIT pile up. */
export function summaryLines(s: SocketSummary, io: Io): string[] {
  const k = s.kernel;
  const lines: string[] = [];
  if (k.sockets?.used !== undefined) lines.push(`Total: ${k.sockets.used} (kernel, all socket types)`);
  if (k.TCP) lines.push(`TCP:   ${k.TCP.inuse ?? 0} in use (orphaned ${k.TCP.orphan ?? 0}, timewait ${k.TCP.tw ?? 0}, allocated ${k.TCP.alloc ?? 0})${k.TCP6 ? `, TCP6 ${k.TCP6.inuse ?? 0} in use` : ''}`);
  lines.push('');
  lines.push(...renderTable(['TRANSPORT', 'TOTAL', 'IPV4', 'IPV6', 'STATES'], [
    ['tcp', String(s.tcp.total), String(s.tcp.ipv4), String(s.tcp.ipv6), states(s.tcp.byState)],
    ['udp', String(s.udp.total), String(s.udp.ipv4), String(s.udp.ipv6), states(s.udp.byState)],
  ], io));
  lines.push('');
  if (s.hotSpots.length === 0) {
    lines.push(io.out.dim('No CLOSE_WAIT or TIME_WAIT sockets.'));
    return lines;
  }
  lines.push(io.out.bold('Hot spots'));
  const rows = s.hotSpots.map((h) => {
    const who = h.processes
      .slice(0, 3)
      .map((p) => (p.pid === null ? `no process ×${p.count}` : `${safe(p.command)}[${p.pid}] ×${p.count}`))
      .join(', ');
    return [stateLabel(h.state), String(h.count), h.side === 'local' ? `local ${h.endpoint}` : `peer ${h.endpoint}`, who];
  });
  lines.push(...renderTable(['STATE', 'COUNT', 'WHERE', 'HELD BY'], rows, io));
  return lines;
}
