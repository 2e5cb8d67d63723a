import { NettkError, TimeoutError } from '@nettk/core';
import type { RedisClient } from './client.js';
import type { RedisClientOptions } from './client-options.js';
import type { CommandArg } from './encoder.js';
import { ReplyError, type RespValue } from './values.js';

/** An authentication or handshake refusal: a connection failure (exit 3), with the server's words. */
export class HandshakeError extends NettkError {
  readonly reply: ReplyError;
  constructor(step: string, reply: ReplyError) {
    super('NETTK_ERR_NETWORK', `${step} failed: ${reply.message}`, { cause: reply });
    this.name = 'HandshakeError';
    this.reply = reply;
  }
}

// Redis < 6 answers HELLO with "ERR unknown command"; a server that refuses RESP3 says NOPROTO.
const NO_HELLO = /^(ERR unknown command|NOPROTO|ERR unknown subcommand)/i;
// AUTH with a password when the server has none: redis-cli warns and goes on, and so do we.
const NO_PASSWORD_SET = /called without any password configured|Client sent AUTH, but no password is set/i;

/**
 * HELLO 3 (with AUTH in the same round trip) and its RESP2 fallback, AUTH,
 * CLIENT SETNAME, SELECT: all within the connect deadline, so a server that
 * never answers (a TLS port spoken to in plaintext, a black hole) fails fast.
 */
export async function handshake(client: RedisClient, options: RedisClientOptions, timeoutMs: number): Promise<void> {
  const commandTimeout = options.commandTimeoutMs ?? 0;
  client.setCommandTimeout(timeoutMs);
  try {
    await steps(client, options);
  } catch (error) {
    if (error instanceof TimeoutError) {
      const where = `${client.dialed.host}:${client.dialed.port}`;
      const hint = options.tls ? '' : ' (a TLS port? try --tls)';
      throw new TimeoutError(`no reply from ${where} within ${Math.round(timeoutMs)} ms — is this a Redis server?${hint}`, { cause: error });
    }
    throw error;
  } finally {
    client.setCommandTimeout(commandTimeout);
  }
}

async function steps(client: RedisClient, options: RedisClientOptions): Promise<void> {
  const auth: CommandArg[] | undefined =
    options.password === undefined ? undefined : options.username === undefined ? ['AUTH', options.password] : ['AUTH', options.username, options.password];
  let needAuth = auth !== undefined;
  let needName = options.clientName !== undefined;
  if (options.protocol === 3) {
    const hello: CommandArg[] = ['HELLO', '3'];
    if (options.password !== undefined) hello.push('AUTH', options.username ?? 'default', options.password);
    if (options.clientName !== undefined) hello.push('SETNAME', options.clientName);
    const reply = await client.send(hello);
    if (!(reply instanceof ReplyError)) {
      client.protocol = 3;
      client.hello = reply;
      needAuth = false;
      needName = false;
    } else if (!NO_HELLO.test(reply.message)) {
      if (!(options.password !== undefined && NO_PASSWORD_SET.test(reply.message))) {
        throw new HandshakeError(/^(WRONGPASS|NOAUTH|NOPERM)/.test(reply.message) ? 'authentication' : 'HELLO 3', reply);
      }
      // HELLO 3 AUTH against a server without passwords: retry HELLO without AUTH.
      const plain = await client.send(['HELLO', '3']);
      if (plain instanceof ReplyError) throw new HandshakeError('HELLO 3', plain);
      client.protocol = 3;
      client.hello = plain;
      needAuth = false;
    }
  }
  // Pipelined: one round trip for AUTH, SETNAME and SELECT.
  const waits: Array<Promise<[string, RespValue]>> = [];
  const step = (name: string, args: CommandArg[]): void => {
    waits.push(client.send(args).then((reply) => [name, reply]));
  };
  if (needAuth && auth) step('AUTH', auth);
  if (needName) step('CLIENT SETNAME', ['CLIENT', 'SETNAME', options.clientName!]);
  if (options.db !== undefined && options.db !== 0) step(`SELECT ${options.db}`, ['SELECT', options.db]);
  for (const [name, reply] of await Promise.all(waits)) {
    if (!(reply instanceof ReplyError)) continue;
    if (name === 'AUTH' && NO_PASSWORD_SET.test(reply.message)) continue;
    throw new HandshakeError(name === 'AUTH' ? 'authentication' : name, reply);
  }
}
