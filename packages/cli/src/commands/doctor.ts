import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface DoctorArgs extends GlobalArgs {
  sample: number;
  backend: 'auto' | 'ss' | 'proc' | 'lsof';
}

export const doctorCommand: CommandModule<GlobalArgs, DoctorArgs> = {
  command: 'doctor',
  describe: 'Kernel networking knobs, overflow counters and findings (full accept queues, self-connect risk, TIME_WAIT/CLOSE_WAIT)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('sample', { type: 'number', default: 1, describe: 'Seconds between two reads of the counters, to show what is rising now (0: read once)' })
      .option('backend', { choices: ['auto', 'ss', 'proc', 'lsof'] as const, default: 'auto' as const, describe: 'Where to read sockets: auto = ss for listener backlogs (falling back to /proc), /proc otherwise' })
      .example('nettk doctor', 'Knobs, counters, findings; exit 1 if a finding is a warning')
      .example('nettk doctor --sample 5 --json', 'Watch the counters for 5 s, one JSON document') as unknown as Argv<DoctorArgs>,
  handler: lazy(async () => (await import('../run/doctor.js')).runDoctor),
};
