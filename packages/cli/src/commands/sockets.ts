import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface SocketsArgs extends GlobalArgs {
  state?: string[];
  port?: string;
  pid?: number;
  process?: string;
  tcp?: boolean;
  udp?: boolean;
  '4'?: boolean;
  '6'?: boolean;
  summary?: boolean;
  watch?: boolean;
  interval: number;
  count?: number;
  backend: 'auto' | 'ss' | 'proc' | 'lsof';
}

export const socketsCommand: CommandModule<GlobalArgs, SocketsArgs> = {
  command: 'sockets',
  describe: 'Connections with filters, ss -s style summary and CLOSE_WAIT/TIME_WAIT hot spots, live view',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('state', { alias: 's', type: 'string', array: true, describe: 'States: established time-wait close-wait syn-sent listen … or connected/all (default: connected)' })
      .option('port', { alias: 'p', type: 'string', describe: 'Local or remote port (a number or service name)' })
      .option('pid', { type: 'number', describe: 'Sockets of this process' })
      .option('process', { type: 'string', describe: 'Sockets of processes whose name contains this' })
      .option('tcp', { alias: 't', type: 'boolean', describe: 'TCP only' })
      .option('udp', { alias: 'u', type: 'boolean', describe: 'UDP only' })
      .option('4', { type: 'boolean', describe: 'IPv4 only' })
      .option('6', { type: 'boolean', describe: 'IPv6 only' })
      .conflicts('4', '6')
      .option('summary', { type: 'boolean', describe: 'Counts per state, kernel totals (ss -s) and the CLOSE_WAIT/TIME_WAIT hot spots' })
      .option('watch', { alias: 'w', type: 'boolean', describe: 'Refresh every --interval (a live view on a terminal; with --ndjson one summary line per refresh)' })
      .option('interval', { type: 'number', default: 1, describe: 'Seconds between refreshes with --watch' })
      .option('count', { alias: 'n', type: 'number', describe: 'Stop --watch after this many refreshes' })
      .option('backend', { choices: ['auto', 'ss', 'proc', 'lsof'] as const, default: 'auto' as const, describe: 'Where to read sockets: auto = ss for listener backlogs (falling back to /proc), /proc otherwise' })
      .example('nettk sockets --state close-wait', 'Who is leaking CLOSE_WAIT sockets')
      .example('nettk sockets --port 6379 --state established,time-wait', 'Connections to or from Redis')
      .example('nettk sockets --summary', 'ss -s plus hot spots')
      .example('nettk sockets --watch', 'Live view (q to quit)')
      .example('nettk sockets --json', 'Every connection as one JSON document') as unknown as Argv<SocketsArgs>,
  handler: lazy(async () => (await import('../run/sockets.js')).runSockets),
};
