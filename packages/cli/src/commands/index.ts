import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { probeCommand } from './probe.js';
import { httpCommand } from './http.js';
import { checkCommand } from './check.js';
import { serveCommand } from './serve.js';
import { chatCommand } from './chat.js';
import { portsCommand } from './ports.js';
import { whoCommand } from './who.js';
import { socketsCommand } from './sockets.js';
import { doctorCommand } from './doctor.js';
import { selfconnectCommand } from './selfconnect.js';
import { redisCommand } from './redis.js';

/**
 * Every command, registered explicitly. A command module holds only its
 * yargs definition; its runner is imported when it runs.
 */
export const commands: ReadonlyArray<CommandModule<GlobalArgs, never>> = [
  probeCommand as unknown as CommandModule<GlobalArgs, never>,
  httpCommand as unknown as CommandModule<GlobalArgs, never>,
  checkCommand as unknown as CommandModule<GlobalArgs, never>,
  serveCommand as unknown as CommandModule<GlobalArgs, never>,
  chatCommand as unknown as CommandModule<GlobalArgs, never>,
  portsCommand as unknown as CommandModule<GlobalArgs, never>,
  whoCommand as unknown as CommandModule<GlobalArgs, never>,
  socketsCommand as unknown as CommandModule<GlobalArgs, never>,
  doctorCommand as unknown as CommandModule<GlobalArgs, never>,
  selfconnectCommand as unknown as CommandModule<GlobalArgs, never>,
  redisCommand as unknown as CommandModule<GlobalArgs, never>,
];
