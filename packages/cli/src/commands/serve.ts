import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface ServeArgs extends GlobalArgs {
  listen: string;
  config?: string;
  concurrency: number;
  'timeout-offset': number;
  log?: boolean;
}

export const serveCommand: CommandModule<GlobalArgs, ServeArgs> = {
  command: 'serve',
  describe: 'Prometheus multi-target exporter: /probe?target=HOST:PORT&module=NAME',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('listen', { alias: 'l', type: 'string', default: '127.0.0.1:9115', describe: 'Address to listen on (HOST:PORT; loopback by default)' })
      .option('config', { type: 'string', describe: 'Runbook file whose modules: map defines the probe modules (default: built-in tcp, tcp_closed, http_2xx, https_2xx, redis_ping, selfconnect_risk)' })
      .option('concurrency', { alias: 'c', type: 'number', default: 64, describe: 'Probes running at once; more requests wait, bounded by their scrape timeout' })
      .option('timeout-offset', { type: 'number', default: 0.5, describe: 'Seconds kept back from X-Prometheus-Scrape-Timeout-Seconds for the reply' })
      .option('log', { type: 'boolean', describe: 'Log one line per probe request to stderr' })
      .example('nettk serve', 'Built-in modules on http://127.0.0.1:9115')
      .example('curl "http://127.0.0.1:9115/probe?target=127.0.0.1:6379&module=redis_ping"', 'One probe, Prometheus text format')
      .example('nettk serve --config modules.yaml --listen 0.0.0.0:9115', 'Own modules, reachable by a remote Prometheus')
      .epilog('SIGHUP reloads --config (the old modules stay if the new file is invalid). SIGINT/SIGTERM stop it (exit 0).') as unknown as Argv<ServeArgs>,
  handler: lazy(async () => (await import('../run/serve.js')).runServe),
};
