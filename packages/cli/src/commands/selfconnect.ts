import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface SelfconnectArgs extends GlobalArgs {
  port: string;
  host: string;
  maxAttempts: number;
  timeout: number;
  guard: boolean;
  localPort: boolean;
  hold?: number;
  threads?: number;
  explain: boolean;
  force: boolean;
}

export const selfconnectCommand: CommandModule<GlobalArgs, SelfconnectArgs> = {
  command: 'selfconnect <port>',
  describe: 'Reproduce a TCP self-connection (client connected to itself), explain it, show the Go-style guard',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('port', { type: 'string', demandOption: true, describe: 'Port where nothing listens, e.g. 50000' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Local address to connect to (127.0.0.1, ::1, a local interface)' })
      .option('max-attempts', { type: 'number', default: 200_000, describe: 'Stop the loop after this many connects' })
      .option('timeout', { alias: 'w', type: 'number', default: 60, describe: 'Stop the loop after this many seconds' })
      .option('guard', { type: 'boolean', default: false, describe: "Same loop with Go's guard on: count how often it catches a self-connection" })
      .option('local-port', { type: 'boolean', default: false, describe: 'Deterministic variant: bind to PORT and connect to PORT (self-connects at once)' })
      .option('threads', { type: 'number', describe: 'Threads running the loop (default: one per core, up to 4; 1 = one connect at a time)' })
      .option('hold', { type: 'number', describe: 'Keep the self-connection open this many seconds (inspect with ss; Ctrl-C closes it)' })
      .option('explain', { type: 'boolean', default: false, describe: 'Explain what happened, why, what breaks in real services, and the remedies' })
      .option('force', { type: 'boolean', default: false, describe: 'Loop even when the port range or parity says it cannot reproduce' })
      .example('nettk selfconnect 50000', 'Loop connects to 127.0.0.1:50000 until the kernel picks 50000 as the source port')
      .example('nettk selfconnect 50000 --guard', 'The same loop with the guard: zero self-connections')
      .example('nettk selfconnect 8080 --local-port --hold 30', 'Bind and connect to 8080 itself; look at it with ss for 30 s')
      .example('nettk selfconnect 50000 --explain', 'Reproduce, then explain')
      .example('nettk selfconnect 50000 --json', 'One JSON document') as unknown as Argv<SelfconnectArgs>,
  handler: lazy(async () => (await import('../run/selfconnect.js')).runSelfconnect),
};
