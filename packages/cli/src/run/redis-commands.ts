/** What nettk needs to know about some Redis commands by name. */

const name = (command: ReadonlyArray<string | Buffer>): string => String(command[0] ?? '').toLowerCase();

const STREAMING = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'monitor']);

/** Commands after which the connection only streams messages (redis-cli's pubsub/monitor modes). */
export function isStreamingCommand(command: ReadonlyArray<string | Buffer>): boolean {
  return STREAMING.has(name(command));
}

const BLOCKING = new Set(['blpop', 'brpop', 'brpoplpush', 'blmove', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop', 'wait', 'waitaof', 'debug', 'sync', 'psync']);

/** Commands that may legitimately wait a long time for their reply. */
export function isBlockingCommand(command: ReadonlyArray<string | Buffer>): boolean {
  const n = name(command);
  if (BLOCKING.has(n)) return true;
  // XREAD / XREADGROUP block only with BLOCK.
  if (n === 'xread' || n === 'xreadgroup') return command.some((a) => String(a).toLowerCase() === 'block');
  return false;
}

/**
 * Commands never written to the REPL history file: they carry passwords
 * (redis-cli 7 skips AUTH, ACL SETUSER, HELLO ... AUTH, CONFIG SET
 * requirepass/masterauth, MIGRATE ... AUTH).
 */
export function isSensitiveCommand(command: ReadonlyArray<string | Buffer>): boolean {
  const n = name(command);
  const rest = command.slice(1).map((a) => String(a).toLowerCase());
  if (n === 'auth') return true;
  if (n === 'hello' || n === 'migrate') return rest.includes('auth') || rest.includes('auth2');
  if (n === 'acl') return rest[0] === 'setuser';
  if (n === 'config') return rest[0] === 'set' && rest.some((a) => a === 'requirepass' || a === 'masterauth' || a === 'masteruser');
  return false;
}
