import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface PortsArgs extends GlobalArgs {
  tcp?: boolean;
  udp?: boolean;
  '4'?: boolean;
  '6'?: boolean;
  port?: string;
  backend: 'auto' | 'ss' | 'proc' | 'lsof';
}

export const portsCommand: CommandModule<GlobalArgs, PortsArgs> = {
  command: 'ports',
  describe: 'Listening sockets with their process and accept queue (ss -tulnp, lsof -iTCP -sTCP:LISTEN)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('tcp', { alias: 't', type: 'boolean', describe: 'TCP listeners only' })
      .option('udp', { alias: 'u', type: 'boolean', describe: 'UDP sockets only' })
      .option('4', { type: 'boolean', describe: 'IPv4 only' })
      .option('6', { type: 'boolean', describe: 'IPv6 only' })
      .conflicts('4', '6')
      .option('port', { alias: 'p', type: 'string', describe: 'Only these ports (22, 8000-8100, http); exit 1 if none listens' })
      .option('backend', { choices: ['auto', 'ss', 'proc', 'lsof'] as const, default: 'auto' as const, describe: 'Where to read sockets: auto = ss for listener backlogs (falling back to /proc), /proc otherwise' })
      .example('nettk ports', 'Every listener: address, port, service, pid/command/user, accept queue')
      .example('nettk ports --tcp -p 8080 || echo "nothing on 8080"', 'Runbook check')
      .example('nettk ports --json', 'One JSON document') as unknown as Argv<PortsArgs>,
  handler: lazy(async () => (await import('../run/ports.js')).runPorts),
};
