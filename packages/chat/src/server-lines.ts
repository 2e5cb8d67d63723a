import { LineSplitter, visible } from '@nettk/core';
import { NOTICE_PREFIX, parseNotice, type NoticeEvent } from './notices.js';

/**
 * One line from a chat server, as a client sees it. Text fields are already
 * terminal-safe (core `visible()`); `raw` keeps the bytes as received.
 * Understands nettk's format and ncat --chat's (`<user5> text`,
 * `<announce> ... is connected as <user5>.`); anything else is `text`, which
 * is what a plain `nc -l` peer sends.
 */
export type ChatLine =
  | { kind: 'message'; from: string; text: string; raw: Buffer }
  | { kind: 'action'; from: string; text: string; raw: Buffer }
  | { kind: 'notice'; text: string; event: NoticeEvent | undefined; raw: Buffer }
  | { kind: 'text'; text: string; raw: Buffer }
  | { kind: 'overlong'; text: string; bytes: number; raw: Buffer };

const MESSAGE = /^<([^<>\s]{1,64})> ?(.*)$/s;
const ACTION = /^\* ([^\s*]{1,64}) (.*)$/s;
const NCAT_JOIN = /^\S+ is connected as <([^<>\s]+)>\.$/;
const NCAT_LEAVE = /^<([^<>\s]+)> is disconnected\.$/;
const NCAT_ALREADY = /^already connected: (.*)\.$/;

const safe = (s: string): string => visible(s, { keepNewlines: false });

export function parseServerLine(raw: Buffer): ChatLine {
  const line = raw.toString('utf8');
  if (line.startsWith(NOTICE_PREFIX)) {
    // Names in the event reach the screen (the online list): parse the escaped text.
    const text = safe(line.slice(NOTICE_PREFIX.length));
    return { kind: 'notice', text, event: parseNotice(text), raw };
  }
  const m = MESSAGE.exec(line);
  if (m) {
    if (m[1] === 'announce') {
      const text = safe(m[2]!);
      return { kind: 'notice', text, event: parseNcatAnnounce(text), raw };
    }
    return { kind: 'message', from: safe(m[1]!), text: safe(m[2]!), raw };
  }
  const a = ACTION.exec(line);
  if (a) return { kind: 'action', from: safe(a[1]!), text: safe(a[2]!), raw };
  return { kind: 'text', text: safe(line), raw };
}

function parseNcatAnnounce(text: string): NoticeEvent | undefined {
  let m = NCAT_JOIN.exec(text);
  if (m) return { type: 'joined', name: m[1]! };
  m = NCAT_LEAVE.exec(text);
  if (m) return { type: 'left', name: m[1]!, reason: 'disconnected' };
  m = NCAT_ALREADY.exec(text);
  if (m) {
    const names = [...m[1]!.matchAll(/<([^<>\s]+)>/g)].map((x) => x[1]!);
    return { type: 'online', total: names.length, names, complete: false };
  }
  return undefined;
}

/**
 * Splits a server's byte stream into ChatLines. Lines are capped (default
 * 1 MiB): a longer one is reported as `overlong`, never buffered whole.
 */
export class ServerLineParser {
  private readonly splitter: LineSplitter;

  constructor(readonly maxLineBytes = 1 << 20) {
    this.splitter = new LineSplitter({ maxLineBytes });
  }

  push(chunk: Buffer): ChatLine[] {
    return this.splitter.push(chunk).map((item) => this.toLine(item));
  }

  /** The server closed: a last line without a newline still counts. */
  end(): ChatLine[] {
    return this.splitter.flush().map((item) => this.toLine(item));
  }

  private toLine(item: ReturnType<LineSplitter['push']>[number]): ChatLine {
    if (item.type === 'line') return parseServerLine(item.line);
    return {
      kind: 'overlong',
      bytes: item.bytes,
      text: `a line of ${item.bytes} bytes from the server was dropped (over ${this.maxLineBytes} bytes)`,
      raw: Buffer.alloc(0),
    };
  }
}
