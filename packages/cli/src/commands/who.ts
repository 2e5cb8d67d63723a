import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface WhoArgs extends GlobalArgs {
  target: string;
  '4'?: boolean;
  '6'?: boolean;
  backend: 'auto' | 'ss' | 'proc' | 'lsof';
}

export const whoCommand: CommandModule<GlobalArgs, WhoArgs> = {
  command: 'who <target>',
  describe: 'Who holds a port: listeners and connections with pid, command line, user, state (lsof -i :PORT)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'PORT, :PORT, HOST:PORT or [v6]:PORT (a service name works as PORT)' })
      .option('4', { type: 'boolean', describe: 'IPv4 sockets only' })
      .option('6', { type: 'boolean', describe: 'IPv6 sockets only' })
      .conflicts('4', '6')
      .option('backend', { choices: ['auto', 'ss', 'proc', 'lsof'] as const, default: 'auto' as const, describe: 'Where to read sockets: auto = /proc (same answer as ss, fastest for one port)' })
      .example('nettk who 8080', 'Everything on port 8080, either end')
      .example('nettk who 127.0.0.1:6379', 'Only that address (wildcard listeners count)')
      .example('nettk who :5432 --json', 'Exit 1 when nobody holds the port') as unknown as Argv<WhoArgs>,
  handler: lazy(async () => (await import('../run/who.js')).runWho),
};
