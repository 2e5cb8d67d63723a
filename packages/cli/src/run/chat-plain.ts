import { NettkError, errnoOf, formatHostPort, toJson, visible } from '@nettk/core';
import type { ChatClient, ChatCloseInfo, ChatLine } from '@nettk/chat';
import type { ChatConnectArgs } from '../commands/chat.js';
import type { Io } from '../io.js';

function jsonLine(line: ChatLine): Record<string, unknown> {
  const base = { time: new Date().toISOString(), kind: line.kind };
  const raw = line.raw.toString('utf8');
  switch (line.kind) {
    case 'message':
      return { ...base, from: line.from, text: raw.replace(/^<[^<>\s]*> ?/, '') };
    case 'action':
      return { ...base, from: line.from, text: raw.replace(/^\* \S+ /, '') };
    case 'notice':
      return { ...base, text: raw.replace(/^\*\*\* |^<announce> /, ''), ...(line.event ? { event: line.event } : {}) };
    case 'overlong':
      return { ...base, bytes: line.bytes };
    default:
      return { ...base, text: raw };
  }
}

const NEWLINE = Buffer.from('\n');

/**
 * Plain line mode, for scripts and pipes: stdin goes out as it comes, every
 * received line is printed (escaped unless --raw; --json/--ndjson: one JSON
 * object per line). Stdin's end leaves the chat unless --stay. Ctrl-C leaves.
 * Exit 0 when the chat ends normally, 3 when the connection fails or the
 * server refuses us.
 */
export function runChatPlain(client: ChatClient, args: ChatConnectArgs, io: Io): Promise<number> {
  const { stdin, stdout } = io;
  const where = formatHostPort(client.socket.remoteAddress ?? '?', client.socket.remotePort ?? 0);
  let refused: string | undefined;
  let weEnded = false;

  client.on('line', (line) => {
    if (line.kind === 'notice' && line.event?.type === 'refused' && !client.roster.nettk) refused = line.event.reason;
    let ok: boolean;
    if (io.mode !== 'human') ok = stdout.write(toJson(jsonLine(line)) + '\n');
    else if (line.kind === 'overlong') {
      io.note(`nettk: ${line.text}`);
      return;
    } else if (args.raw) ok = stdout.write(Buffer.concat([line.raw, NEWLINE]));
    else ok = stdout.write(visible(line.raw, { keepNewlines: false }) + '\n');
    if (!ok) {
      // A slow reader of our stdout slows the socket down instead of growing our memory.
      client.pause();
      stdout.once('drain', () => client.resume());
    }
  });

  const onData = (chunk: Buffer): void => {
    if (!client.write(chunk)) {
      stdin.pause();
      client.socket.once('drain', () => stdin.resume());
    }
  };
  const onEnd = (): void => {
    if (args.stay) return;
    weEnded = true;
    client.end();
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.on('error', () => {});
  const onSignal = (): void => {
    weEnded = true;
    client.close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  return new Promise<number>((resolve, reject) => {
    client.once('close', (info: ChatCloseInfo) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
      // Stdin may be a terminal or a pipe nobody will close: let go of it so the process can exit.
      if (!stdin.readableEnded) stdin.destroy();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      if (refused !== undefined) return reject(new NettkError('NETTK_ERR_NETWORK', `${where} refused us: ${refused}`));
      if (info.error && !weEnded) return reject(new NettkError('NETTK_ERR_NETWORK', `connection to ${where} lost: ${errnoOf(info.error) ?? info.error.message}`, { cause: info.error }));
      if (info.byPeer && !weEnded && io.mode === 'human') io.note(`nettk: ${where} closed the connection`);
      resolve(0);
    });
  });
}
