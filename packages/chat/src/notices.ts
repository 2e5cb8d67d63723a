/**
 * The wording of everything the server says itself. Server lines start with
 * `*** `, relayed lines with `<name> ` and actions with `* name `: a user can
 * never produce a line that starts like a server line, because every line a
 * user sends is relayed behind their own name. The client parses these same
 * texts back (parseNotice), so the wording lives in one place.
 */
export const NOTICE_PREFIX = '*** ';

/** How many names the welcome lists before "and N more" (/who lists everyone). */
export const WELCOME_NAMES = 50;

export const notice = {
  welcome: (name: string): string => `Welcome to nettk chat, ${name}! Type /help for commands.`,
  online: (names: readonly string[], limit = Infinity): string => {
    const shown = names.length > limit ? names.slice(0, limit) : names;
    const more = names.length - shown.length;
    return `Online (${names.length}): ${shown.join(', ')}${more > 0 ? `, … and ${more} more (/who lists everyone)` : ''}`;
  },
  joined: (name: string): string => `${name} has joined`,
  left: (name: string, reason: string): string => `${name} has left (${reason})`,
  renamed: (from: string, to: string): string => `${from} is now known as ${to}`,
  youAre: (name: string): string => `You are now known as ${name}`,
  nameRefused: (name: string, why: string): string => `name "${name}" refused: ${why}`,
  overlong: (bytes: number, max: number): string => `line too long (${bytes} bytes, max ${max}): not sent`,
  unknownCommand: (command: string): string => `unknown command "/${command}": type /help (start a line with "//" to send one beginning with "/")`,
  usage: (usage: string): string => `usage: ${usage}`,
  idle: (seconds: number): string => `disconnecting: idle for ${seconds} s`,
  tooSlow: (maxQueueBytes: number): string => `dropped: not reading (output queue over ${formatBytes(maxQueueBytes)})`,
  shutdown: 'server shutting down',
  bye: 'bye',
  full: (max: number): string => `refused: server full (${max} clients); try again later`,
} as const;

/** 1048576 → "1 MiB", 65536 → "64 KiB", odd sizes in bytes. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

export const HELP_LINES: readonly string[] = [
  'Commands:',
  '  /nick NAME   change your name (a letter, then letters, digits, _ - .; up to 24)',
  '  /who         list who is online',
  '  /me ACTION   say what you are doing (shown as "* name ACTION")',
  '  /quit [MSG]  leave',
  '  /help        this help',
  'Lines starting with "//" are sent with one "/". Every other line goes to everyone else.',
];

export type NoticeEvent =
  | { type: 'welcome'; name: string }
  | { type: 'online'; total: number; names: string[]; complete: boolean }
  | { type: 'joined'; name: string }
  | { type: 'left'; name: string; reason: string }
  | { type: 'renamed'; from: string; to: string }
  | { type: 'you-are'; name: string }
  | { type: 'shutdown' }
  | { type: 'refused'; reason: string };

const NAME = '([^\\s,<>]+)';
const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => NoticeEvent]> = [
  [new RegExp(`^Welcome to nettk chat, ${NAME}! `), (m) => ({ type: 'welcome', name: m[1]! })],
  [
    /^Online \((\d+)\): (.*)$/,
    (m) => {
      const more = /, \u2026 and (\d+) more \(\/who lists everyone\)$/.exec(m[2]!);
      const list = more ? m[2]!.slice(0, more.index) : m[2]!;
      return { type: 'online', total: Number(m[1]), names: list === '' ? [] : list.split(', '), complete: !more };
    },
  ],
  [new RegExp(`^${NAME} has joined$`), (m) => ({ type: 'joined', name: m[1]! })],
  [new RegExp(`^${NAME} has left \\((.*)\\)$`), (m) => ({ type: 'left', name: m[1]!, reason: m[2]! })],
  [new RegExp(`^${NAME} is now known as ${NAME}$`), (m) => ({ type: 'renamed', from: m[1]!, to: m[2]! })],
  [new RegExp(`^You are now known as ${NAME}$`), (m) => ({ type: 'you-are', name: m[1]! })],
  [/^server shutting down$/, () => ({ type: 'shutdown' })],
  [/^refused: (.*)$/, (m) => ({ type: 'refused', reason: m[1]! })],
];

/** The event a nettk server notice (text after `*** `) reports, if any. */
export function parseNotice(text: string): NoticeEvent | undefined {
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) return build(m);
  }
  return undefined;
}
