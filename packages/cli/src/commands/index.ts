import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { probeCommand } from './probe.js';

/**
 * Every command, registered explicitly. A command module holds only its
 * yargs definition; its runner is imported when it runs.
 */
export const commands: ReadonlyArray<CommandModule<GlobalArgs, never>> = [
  probeCommand as unknown as CommandModule<GlobalArgs, never>,
];
