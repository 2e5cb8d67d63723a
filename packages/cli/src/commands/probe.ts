import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface ProbeArgs extends GlobalArgs {
  host: string;
  ports?: Array<string | number>;
  timeout: number;
  concurrency?: number;
  '4'?: boolean;
  '6'?: boolean;
  retries: number;
  expect?: 'open' | 'closed';
  all?: boolean;
  first?: boolean;
  guard: boolean;
}

export const probeCommand: CommandModule<GlobalArgs, ProbeArgs> = {
  command: 'probe <host> [ports..]',
  describe: 'Probe TCP ports like nc -vz: lists, ranges, services, fast scans',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('host', { type: 'string', demandOption: true, describe: 'Host, host:port, [v6]:port, or a comma list of hosts' })
      .positional('ports', { type: 'string', array: true, describe: 'Port specs: 22 80,443 8000-8100 ssh 1-65535' })
      .option('timeout', { alias: 'w', type: 'number', default: 2, describe: 'Seconds to wait for each connect' })
      .option('concurrency', { alias: 'c', type: 'number', describe: 'Connects in flight (default: from the fd limit)' })
      .option('4', { type: 'boolean', describe: 'IPv4 only' })
      .option('6', { type: 'boolean', describe: 'IPv6 only' })
      .conflicts('4', '6')
      .option('retries', { type: 'number', default: 0, describe: 'Extra attempts for ports that gave no answer' })
      .option('expect', { choices: ['open', 'closed'] as const, describe: 'Exit 0 only if every port is open / not open' })
      .option('all', { type: 'boolean', describe: 'Exit 0 only if every probed port is open' })
      .option('first', { type: 'boolean', describe: 'Per hostname, stop at the first address that answers' })
      .option('guard', { type: 'boolean', default: true, describe: 'Go-style self-connect guard (--no-guard shows phantom ports)' })
      .example('nettk probe 127.0.0.1 22', 'One port, nc -vz style')
      .example('nettk probe localhost 80,443 8000-8100', 'Lists and ranges; every address of localhost')
      .example('nettk probe 127.0.0.1 1-65535', 'Full scan: a table of open ports')
      .example('nettk probe db1,db2 postgres --expect closed', 'Runbook: exit 0 only if the port is shut on both')
      .example('nettk probe [::1]:6379 --json', 'One JSON document') as unknown as Argv<ProbeArgs>,
  handler: lazy(async () => (await import('../run/probe.js')).runProbe),
};
