export { ChatServer, createChatServer } from './chat-server.js';
export {
  CHAT_DEFAULTS,
  type ChatServerOptions,
  type ChatServerEvent,
  type ChatServerEventMap,
  type ChatServerEventType,
  type ChatServerStats,
  type ClientInfo,
  type LeaveReason,
} from './server-types.js';
export { ChatClient, connectChat, type ChatClientOptions, type ChatCloseInfo, type ChatClientEventMap } from './chat-client.js';
export { ServerLineParser, parseServerLine, type ChatLine } from './server-lines.js';
export { Roster } from './roster.js';
export { ChatInputParser, parseCommand, type ChatInput } from './input-parser.js';
export { sanitizeLine } from './sanitize.js';
export { nameProblem, NameRegistry, MAX_NAME_LENGTH } from './names.js';
export { notice, parseNotice, formatBytes, HELP_LINES, NOTICE_PREFIX, type NoticeEvent } from './notices.js';
