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
export const commands = [
  probeCommand,
  httpCommand,
  redisCommand,
  chatCommand,
  selfconnectCommand,
  portsCommand,
  whoCommand,
  socketsCommand,
  doctorCommand,
  checkCommand,
  serveCommand,
] as unknown as ReadonlyArray<CommandModule<GlobalArgs, never>>;
