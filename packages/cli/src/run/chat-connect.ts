import { connectChat } from '@nettk/chat';
import { UsageError, formatHostPort, parseHostPort, parsePort } from '@nettk/core';
import type { ChatConnectArgs } from '../commands/chat.js';
import type { Io } from '../io.js';
import { runChatPlain } from './chat-plain.js';
import { ChatStore } from './chat-store.js';

/** HOST PORT, or HOST:PORT / [v6]:PORT in one argument. */
export function chatTarget(hostArg: string, portArg: string | number | undefined): { host: string; port: number } {
  const hp = parseHostPort(String(hostArg));
  if (portArg !== undefined) {
    if (hp.port !== undefined) throw new UsageError(`port given twice: "${hostArg}" and "${portArg}"`);
    return { host: hp.host, port: parsePort(String(portArg)) };
  }
  if (hp.port === undefined) throw new UsageError(`no port given for "${hostArg}": nettk chat connect HOST PORT`);
  return { host: hp.host, port: hp.port };
}

/**
 * `nettk chat connect`: the ink UI when stdin and stdout are a terminal,
 * plain line mode (like nc) otherwise or with --plain.
 */
export async function runChatConnect(args: ChatConnectArgs, io: Io): Promise<number> {
  const { host, port } = chatTarget(args.host, args.port);
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) throw new UsageError(`bad --timeout "${args.timeout}": seconds > 0`);
  if (args.nick !== undefined && String(args.nick).trim() === '') throw new UsageError('empty --nick');
  const live = !args.plain && io.mode === 'human' && io.stdin.isTTY === true && io.stdout.isTTY === true;
  const client = await connectChat({
    host,
    port,
    timeoutMs: args.timeout * 1000,
    family: args['4'] ? 4 : args['6'] ? 6 : 0,
    ...(args.nick !== undefined ? { nick: String(args.nick) } : {}),
  });
  if (!live) return runChatPlain(client, args, io);
  const store = new ChatStore(client, formatHostPort(host, port));
  // ink and react load only here, on a terminal (DESIGN.md convention 5).
  const { runChatApp } = await import('../views/chat-app.js');
  try {
    await runChatApp(store, io);
  } finally {
    store.dispose();
    if (!client.isClosed && client.roster.nettk) {
      // Leave cleanly (others see "quit", not a dropped connection), but do not wait long for the bye.
      client.send('/quit');
      const timer = setTimeout(() => client.close(), 500);
      client.on('close', () => clearTimeout(timer));
    } else if (!client.isClosed) {
      client.close();
    }
  }
  return 0;
}
