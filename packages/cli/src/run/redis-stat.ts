import { ExitCode } from '@nettk/core';
import { textOf } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { connectRedis, type Target } from './redis-connect.js';
import { interruptFlag, untilInterrupted } from './redis-io.js';

/** `field:value` lines of INFO as a map. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

/** redis-cli's bytesToHuman: 1023B, 1.18M, 2.00G. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(2)}K`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(2)}M`;
  if (n < 1024 ** 4) return `${(n / 1024 ** 3).toFixed(2)}G`;
  return `${(n / 1024 ** 4).toFixed(2)}T`;
}

export interface StatRow {
  keys: number;
  used_memory: number;
  clients: number;
  blocked: number;
  requests: number;
  requests_delta: number;
  ops_per_sec: number;
  connections: number;
}

export function statRow(info: Map<string, string>, previousRequests: number | undefined): StatRow {
  const n = (k: string): number => Number(info.get(k) ?? 0) || 0;
  let keys = 0;
  for (const [k, v] of info) if (/^db\d+$/.test(k)) keys += Number(/keys=(\d+)/.exec(v)?.[1] ?? 0);
  const requests = n('total_commands_processed');
  return {
    keys,
    used_memory: n('used_memory'),
    clients: n('connected_clients'),
    blocked: n('blocked_clients'),
    requests,
    requests_delta: previousRequests === undefined ? 0 : requests - previousRequests,
    ops_per_sec: n('instantaneous_ops_per_sec'),
    connections: n('total_connections_received'),
  };
}

const HEADER = '------- data ------ --------------------- load --------------------\nkeys       mem      clients blocked requests            ops/s    connections\n';

/**
 * --stat: redis-cli's rolling table from INFO every -i seconds (default 1),
 * with ops/s added; the header repeats every 20 rows. -r N stops after N
 * rows; --json/--ndjson print one object per row.
 */
export async function runStat(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const intervalMs = (o.interval > 0 ? o.interval : 1) * 1000;
  const rows = o.repeat === undefined || o.repeat < 0 ? Infinity : o.repeat;
  const client = await connectRedis(o, io, target);
  const stop = interruptFlag();
  let previous: number | undefined;
  try {
    client.setCommandTimeout(o.commandTimeout > 0 ? o.commandTimeout * 1000 : o.timeout * 1000);
    for (let i = 0; i < rows && !stop.set; i++) {
      const row = statRow(parseInfo(textOf(await client.call('INFO')) ?? ''), previous);
      previous = row.requests;
      if (io.mode !== 'human') io.stdout.write(JSON.stringify(row) + '\n');
      else {
        if (i % 20 === 0) io.stdout.write(HEADER);
        io.stdout.write(
          String(row.keys).padEnd(11) +
            bytesToHuman(row.used_memory).padEnd(8) +
            ' ' + String(row.clients).padEnd(8) +
            String(row.blocked).padEnd(8) +
            `${row.requests} (+${row.requests_delta})`.padEnd(20) +
            String(row.ops_per_sec).padEnd(9) +
            String(row.connections) + '\n',
        );
      }
      if (i + 1 < rows && (await untilInterrupted(intervalMs))) break;
    }
  } finally {
    stop.dispose();
    await client.close();
  }
  return ExitCode.ok;
}
