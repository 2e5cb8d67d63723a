import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface ChatServeArgs extends GlobalArgs {
  host: string;
  port: number;
  'max-clients': number;
  'max-line': number;
  'max-queue': string;
  'idle-timeout'?: number;
  crlf?: boolean;
  grace: number;
}

export interface ChatConnectArgs extends GlobalArgs {
  host: string;
  port?: string | number;
  nick?: string;
  timeout: number;
  '4'?: boolean;
  '6'?: boolean;
  stay?: boolean;
  raw?: boolean;
  plain?: boolean;
}

const serveCommand: CommandModule<GlobalArgs, ChatServeArgs> = {
  command: 'serve',
  describe: 'Run a line chat server that nc, telnet and `nettk chat connect` can use',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (0.0.0.0 or :: for every interface)' })
      .option('port', { alias: 'p', type: 'number', default: 9000, describe: 'Port to listen on (0: pick a free one and print it)' })
      .option('max-clients', { type: 'number', default: 1000, describe: 'Clients at once; the next one is refused with a notice' })
      .option('max-line', { type: 'number', default: 4096, describe: 'Longest line accepted, in bytes; longer lines are refused, not relayed' })
      .option('max-queue', { type: 'string', default: '1MiB', describe: 'Output a client may leave unread before it is dropped (bytes, or 512KiB, 4MiB)' })
      .option('idle-timeout', { type: 'number', describe: 'Disconnect clients silent for this many seconds (default: never)' })
      .option('crlf', { type: 'boolean', describe: 'End lines with CRLF (raw telnet clients)' })
      .option('grace', { type: 'number', default: 2, describe: 'Seconds to let clients read the shutdown notice on SIGINT/SIGTERM' })
      .example('nettk chat serve --port 9000', 'Then from anywhere: nc 127.0.0.1 9000')
      .example('nettk chat serve --host 0.0.0.0 --max-clients 50 --idle-timeout 600', 'Open to the network, small and tidy')
      .example('nettk chat serve --port 0 --json 2>log.ndjson', 'Pick a free port; one JSON event per line on stderr')
      .epilog('Logs go to stderr (--json/--ndjson: one JSON event per line). SIGINT/SIGTERM: clients are told, then closed; exit 0.') as unknown as Argv<ChatServeArgs>,
  handler: lazy(async () => (await import('../run/chat-serve.js')).runChatServe),
};

const connectCommand: CommandModule<GlobalArgs, ChatConnectArgs> = {
  command: 'connect <host> [port]',
  describe: 'Join a chat (nettk chat serve, ncat --chat, nc -l): a live UI on a terminal, plain lines otherwise',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('host', { type: 'string', demandOption: true, describe: 'Host, or host:port / [v6]:port' })
      .positional('port', { type: 'string', describe: 'Port (number or service name)' })
      .option('nick', { alias: 'n', type: 'string', describe: 'Your name (nettk servers; asked with /nick once connected)' })
      .option('timeout', { alias: 'w', type: 'number', default: 10, describe: 'Seconds to wait for the connection' })
      .option('4', { type: 'boolean', describe: 'IPv4 only' })
      .option('6', { type: 'boolean', describe: 'IPv6 only' })
      .conflicts('4', '6')
      .option('plain', { type: 'boolean', describe: 'Plain line mode even on a terminal' })
      .option('stay', { type: 'boolean', describe: 'Plain mode: keep receiving after stdin ends (default: leave, like nc -N)' })
      .option('raw', { type: 'boolean', describe: 'Plain mode: print received bytes unescaped' })
      .example('nettk chat connect 127.0.0.1 9000 --nick alice', 'Live UI on a terminal')
      .example('echo "deploy done" | nettk chat connect chat.lan:9000 --nick ci', 'From a script: send, then leave')
      .example('nettk chat connect 127.0.0.1 9000 --stay </dev/null >chat.log', 'Log a chat') as unknown as Argv<ChatConnectArgs>,
  handler: lazy(async () => (await import('../run/chat-connect.js')).runChatConnect),
};

export const chatCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'chat <command>',
  describe: 'Line chat: a server nc clients can use, and a client',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(serveCommand as unknown as CommandModule<GlobalArgs, never>)
      .command(connectCommand as unknown as CommandModule<GlobalArgs, never>)
      .demandCommand(1, 'Name a chat command: nettk chat serve | nettk chat connect HOST PORT') as unknown as Argv<GlobalArgs>,
  handler: () => {},
};
