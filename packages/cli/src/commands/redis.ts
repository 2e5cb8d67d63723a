import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import { lazy } from './lazy.js';

export interface RedisCliArgs extends GlobalArgs {
  _: Array<string | number>;
}

/**
 * `nettk redis [OPTIONS] [CMD ARGS...]`. Options follow redis-cli (`-h HOST`,
 * `-p PORT`, `-a PASS`, `-n DB`, `-x`, `-r`, ...) and, as in redis-cli,
 * everything after the first non-option word is the command, so yargs stops
 * there and the runner parses the rest itself (`nettk redis set k -1`).
 */
export const redisCommand: CommandModule<GlobalArgs, RedisCliArgs> = {
  command: 'redis',
  describe: 'Talk to Redis like redis-cli: one-shot commands, REPL, --pipe, --latency, --stat, --scan, SUBSCRIBE, --show-wire (nettk redis --help)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .parserConfiguration({ 'halt-at-non-option': true, 'parse-positional-numbers': false })
      .strict(false)
      .help(false) as unknown as Argv<RedisCliArgs>,
  handler: lazy(async () => (await import('../run/redis.js')).runRedis),
};
