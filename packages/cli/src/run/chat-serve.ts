import { createChatServer } from '@nettk/chat';
import type { ChatServeArgs } from '../commands/chat.js';
import type { Io } from '../io.js';
import { createChatLogger } from './chat-log.js';
import { chatServerOptions } from './chat-options.js';

/**
 * `nettk chat serve`: run until SIGINT/SIGTERM, then tell every client,
 * close, and exit 0. A second signal closes every connection at once.
 */
export async function runChatServe(args: ChatServeArgs, io: Io): Promise<number> {
  const server = createChatServer(chatServerOptions(args));
  server.on('event', createChatLogger(io));
  await server.start();
  const signalled = await new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const online = server.stats().online;
  if (io.mode === 'human') io.note(`${io.err.dim(new Date().toISOString())} ${signalled}: shutting down, telling ${online} client${online === 1 ? '' : 's'}`);
  const force = (): void => server.abort();
  process.on('SIGINT', force);
  process.on('SIGTERM', force);
  try {
    await server.stop(signalled);
  } finally {
    process.removeListener('SIGINT', force);
    process.removeListener('SIGTERM', force);
  }
  return 0;
}
