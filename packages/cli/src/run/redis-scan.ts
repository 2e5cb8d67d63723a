import { ExitCode, quoteBytes } from '@nettk/core';
import { formatJson } from '@nettk/redis';
import type { Io } from '../io.js';
import type { RedisOptions } from './redis-args.js';
import { connectRedis, type Target } from './redis-connect.js';
import { outputStyle } from './redis-output.js';

/**
 * --scan [--pattern P] [--count N]: every key through SCAN (never KEYS, which
 * blocks the server), printed as redis-cli does: quoted on a terminal, raw
 * bytes one per line otherwise; --json prints one array, --ndjson one key per line.
 */
export async function runScan(o: RedisOptions, io: Io, target: Target): Promise<number> {
  const style = outputStyle(o, io);
  const client = await connectRedis(o, io, target);
  // --json streams its one array, so a keyspace of any size never sits in memory.
  let keys = 0;
  try {
    client.setCommandTimeout(o.commandTimeout > 0 ? o.commandTimeout * 1000 : o.timeout * 1000);
    let cursor = '0';
    do {
      const args = ['SCAN', cursor];
      if (o.pattern !== undefined) args.push('MATCH', o.pattern);
      if (o.count !== undefined) args.push('COUNT', String(o.count));
      const reply = await client.call(...args);
      if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) throw new Error('SCAN returned an unexpected reply');
      cursor = String(reply[0]);
      let room = true;
      for (const key of reply[1]) {
        const bytes = Buffer.isBuffer(key) ? key : Buffer.from(String(key));
        if (io.mode === 'json') room = io.stdout.write((keys === 0 ? '[' : ',') + formatJson(bytes));
        else if (io.mode === 'ndjson') room = io.stdout.write(formatJson(bytes) + '\n');
        else if (style === 'tty') room = io.stdout.write(quoteBytes(bytes) + '\n');
        else room = io.stdout.write(Buffer.concat([bytes, Buffer.from('\n')]));
        keys++;
      }
      // A slow reader paces the scan.
      if (!room) await new Promise((resolve) => io.stdout.once('drain', resolve));
    } while (cursor !== '0');
    if (io.mode === 'json') io.stdout.write(keys === 0 ? '[]\n' : ']\n');
  } finally {
    await client.close();
  }
  return ExitCode.ok;
}
