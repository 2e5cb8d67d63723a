import { endianness } from 'node:os';

/**
 * /proc/net/{tcp,udp} print an IPv4 address as one 32-bit word in host byte
 * order ("0100007F" = 127.0.0.1 on little-endian) and an IPv6 address as four
 * such words (REFERENCE.md "ss / lsof / procfs").
 */
const LITTLE = endianness() === 'LE';

function wordBytes(hex: string, at: number, out: number[]): void {
  const word = Number.parseInt(hex.slice(at, at + 8), 16);
  const b = [(word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
  if (LITTLE) b.reverse();
  out.push(...b);
}

export function procHexToBytes(hex: string): number[] {
  if (hex.length !== 8 && hex.length !== 32) throw new Error(`bad /proc address ${JSON.stringify(hex)}`);
  const out: number[] = [];
  for (let at = 0; at < hex.length; at += 8) wordBytes(hex, at, out);
  return out;
}

const cache = new Map<string, string>();
const v4cache = new Map<number, string>();

/** One /proc IPv4 word (host byte order) → dotted quad, memoised. */
export function ipv4FromWord(word: number): string {
  let text = v4cache.get(word);
  if (text === undefined) {
    const b = [(word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
    if (LITTLE) b.reverse();
    text = b.join('.');
    if (v4cache.size < 4096) v4cache.set(word, text);
  }
  return text;
}

/** Hex from /proc → address text, memoised: a busy host repeats a handful of addresses. */
export function procHexToAddress(hex: string): string {
  let text = cache.get(hex);
  if (text === undefined) {
    const bytes = procHexToBytes(hex);
    text = bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
    if (cache.size < 4096) cache.set(hex, text);
  }
  return text;
}

/** "0100007F:1F90" → { address: '127.0.0.1', port: 8080 }. */
export function parseProcEndpoint(text: string): { address: string; port: number } {
  const colon = text.indexOf(':');
  return { address: procHexToAddress(text.slice(0, colon)), port: Number.parseInt(text.slice(colon + 1), 16) };
}

/**
 * The text glibc's inet_ntop prints (so ss and proc agree): lower-case hex,
 * the longest run of two or more zero groups as "::" (first run on ties),
 * and the IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, with
 * a non-zero seventh group) forms with a dotted tail.
 */
export function formatIpv6(bytes: readonly number[]): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  const dotted = `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  // glibc resolv/inet_ntop.c: "Is this address an encapsulated IPv4?"
  if (bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
    return bestLen === 5 ? `::ffff:${dotted}` : `::${dotted}`;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += (words[i] ?? 0).toString(16);
  }
  return text;
}
