import { formatHostPort, toJson, visible } from '@nettk/core';
import type { ChatServerEvent } from '@nettk/chat';
import type { Io } from '../io.js';

/** An overlong-line flood must not flood the log: log the 1st, 10th, 100th... per client. */
function worthLogging(count: number): boolean {
  return count === 1 || /^10+$/.test(String(count));
}

const ordinal = (n: number): string => (n === 1 ? '1st' : `${n}th`);

/** One human log line for a server event, or undefined when it is not logged. */
export function formatChatEvent(event: ChatServerEvent, io: Io): string | undefined {
  const who = (e: { name: string; address: string; port: number }): string => `${io.err.bold(e.name)} from ${formatHostPort(e.address, e.port)}`;
  switch (event.type) {
    case 'listening': {
      const at = formatHostPort(event.host, event.port);
      return `listening on ${at} (join with: nc ${event.host} ${event.port})`;
    }
    case 'join':
      return `${io.err.green('join')} ${who(event)} (${event.online} online)`;
    case 'leave': {
      const verb = event.reason === 'too-slow' || event.reason === 'idle' ? io.err.yellow('drop') : 'leave';
      return `${verb} ${who(event)}: ${visible(event.detail, { keepNewlines: false })} (${event.online} online, stayed ${event.seconds} s)`;
    }
    case 'rename':
      return `rename ${event.from} -> ${io.err.bold(event.name)} (${formatHostPort(event.address, event.port)})`;
    case 'nick-refused':
      return `nick-refused ${who(event)} asked for "${visible(event.requested, { keepNewlines: false })}": ${event.why}`;
    case 'line-refused':
      if (!worthLogging(event.count)) return undefined;
      return `line-refused ${who(event)}: ${event.bytes} bytes is over --max-line (${ordinal(event.count)} from this client)`;
    case 'refused':
      return `${io.err.yellow('refused')} ${formatHostPort(event.address, event.port)}: server full (${event.online} online)`;
    case 'error':
      return `${io.err.red('error')} ${event.code ?? ''} ${event.message}`.replace(/ {2,}/g, ' ');
    case 'stopped':
      return `stopped (${event.reason})`;
  }
}

/** Write server events to stderr: human lines with a timestamp, or one JSON object per line. */
export function createChatLogger(io: Io): (event: ChatServerEvent) => void {
  if (io.mode !== 'human') {
    return (event) => {
      if (event.type === 'line-refused' && !worthLogging(event.count)) return;
      const { type, ...rest } = event;
      io.note(toJson({ time: new Date().toISOString(), event: type, ...rest }));
    };
  }
  return (event) => {
    const line = formatChatEvent(event, io);
    if (line !== undefined) io.note(`${io.err.dim(new Date().toISOString())} ${line}`);
  };
}
