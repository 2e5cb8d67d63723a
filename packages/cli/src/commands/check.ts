import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface CheckArgs extends GlobalArgs {
  file: string;
  only?: string[];
  tag?: string[];
  watch?: number;
  rounds?: number;
  junit?: string;
  concurrency?: number;
  validate?: boolean;
}

export const checkCommand: CommandModule<GlobalArgs, CheckArgs> = {
  command: 'check <file>',
  describe: 'Run a runbook of checks (YAML or JSON): probes, HTTP, Redis, kernel findings',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'Runbook file (.yaml, .yml or .json)' })
      .option('only', { type: 'string', array: true, describe: 'Run only the checks with these names' })
      .option('tag', { type: 'string', array: true, describe: 'Run only the checks with any of these tags' })
      .option('watch', { type: 'number', describe: 'Re-run every SECONDS and show what changed (Ctrl-C stops)' })
      .option('rounds', { type: 'number', describe: 'With --watch: stop after N rounds' })
      .option('junit', { type: 'string', describe: 'Also write a JUnit XML report to FILE (for CI)' })
      .option('concurrency', { alias: 'c', type: 'number', describe: 'Checks in flight (default: the runbook\'s defaults.concurrency)' })
      .option('validate', { type: 'boolean', describe: 'Only validate the file: exit 0 if it is valid, 2 with every error if not' })
      .example('nettk check runbook.yaml', 'Run every check; exit 0 only if all pass')
      .example('nettk check runbook.yaml --tag db --junit report.xml', 'The db checks, with a JUnit report for CI')
      .example('nettk check runbook.yaml --only web api --json', 'Two checks, one JSON document')
      .example('nettk check runbook.yaml --watch 5', 'Re-run every 5 s, print changes')
      .epilog('Exit codes: 0 every check passed, 1 a check failed, 2 invalid file or flags, 3 nettk could not run a check.') as unknown as Argv<CheckArgs>,
  handler: lazy(async () => (await import('../run/check.js')).runCheckCommand),
};
