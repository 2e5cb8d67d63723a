import { UsageError } from './errors.js';

/**
 * Interpret `echo -e` escapes: `\\ \a \b \e \f \n \r \t \v \0NNN \NNN \xHH`.
 * Text outside escapes is encoded as UTF-8. An unknown escape is kept as
 * written (as echo does); a `\x` without a hex digit is a usage error.
 */
export function parseEscapes(input: string): Buffer {
  const out: number[] = [];
  const pushText = (text: string): void => {
    for (const byte of Buffer.from(text, 'utf8')) out.push(byte);
  };
  let i = 0;
  let plainStart = 0;
  while (i < input.length) {
    if (input.charCodeAt(i) !== 0x5c /* \ */ || i + 1 >= input.length) {
      i++;
      continue;
    }
    pushText(input.slice(plainStart, i));
    const c = input[i + 1]!;
    i += 2;
    switch (c) {
      case '\\': out.push(0x5c); break;
      case 'a': out.push(0x07); break;
      case 'b': out.push(0x08); break;
      case 'e': case 'E': out.push(0x1b); break;
      case 'f': out.push(0x0c); break;
      case 'n': out.push(0x0a); break;
      case 'r': out.push(0x0d); break;
      case 't': out.push(0x09); break;
      case 'v': out.push(0x0b); break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(input.slice(i, i + 2));
        if (!m) throw new UsageError(`bad escape "\\x${input.slice(i, i + 2)}": expected 1-2 hex digits`);
        out.push(parseInt(m[0], 16));
        i += m[0].length;
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          // \0NNN (echo -e) and \NNN both mean octal; at most three digits after an optional leading 0.
          const digits = c === '0' ? /^[0-7]{0,3}/.exec(input.slice(i, i + 3))![0] : c + /^[0-7]{0,2}/.exec(input.slice(i, i + 2))![0];
          const consumed = c === '0' ? digits.length : digits.length - 1;
          out.push(parseInt(digits === '' ? '0' : digits, 8) & 0xff);
          i += consumed;
        } else {
          pushText('\\' + c);
        }
    }
    plainStart = i;
  }
  pushText(input.slice(plainStart));
  return Buffer.from(out);
}

export interface VisibleOptions {
  /** Show CR and LF as `\r` and `\n` (LF still ends the line). */
  showCrlf?: boolean;
  /** Keep tabs and newlines as they are (default true). */
  keepNewlines?: boolean;
}

const HEX = '0123456789abcdef';
const hex2 = (b: number): string => '\\x' + HEX[b >> 4]! + HEX[b & 15]!;

// Unicode code points that must not reach a terminal raw: C1 controls, and
// bidirectional overrides that can make text read differently than it is.
function isUnsafeCodePoint(cp: number): boolean {
  return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x2028 || cp === 0x2029;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when it is not valid. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  let need: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) { need = 1; min = 0x80; }
  else if (b0 >= 0xe0 && b0 <= 0xef) { need = 2; min = 0x800; }
  else if (b0 >= 0xf0 && b0 <= 0xf4) { need = 3; min = 0x10000; }
  else return 0;
  let cp = b0 & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const b = bytes[i + k];
    if (b === undefined || (b & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return need + 1;
}

/**
 * Render peer bytes safely for a terminal: printable text and valid UTF-8
 * pass through; control bytes (ESC/CSI/OSC included), DEL, C1 controls,
 * bidi overrides and invalid UTF-8 are shown as `\xHH` / `\u{...}` escapes.
 */
export function visible(input: Uint8Array | string, options: VisibleOptions = {}): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const keepNewlines = options.keepNewlines ?? true;
  const showCrlf = options.showCrlf ?? false;
  let out = '';
  let runStart = 0;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  const flush = (end: number): void => {
    if (end > runStart) out += buf.toString('utf8', runStart, end);
  };
  while (i < buf.length) {
    const b = buf[i]!;
    if (b >= 0x20 && b < 0x7f) { i++; continue; }
    if (b === 0x0a && keepNewlines && !showCrlf) { i++; continue; }
    if (b === 0x09 && keepNewlines) { i++; continue; }
    if (b >= 0x80) {
      const len = utf8SequenceLength(buf, i);
      if (len > 0) {
        const cp = buf.toString('utf8', i, i + len).codePointAt(0)!;
        if (!isUnsafeCodePoint(cp)) { i += len; continue; }
        flush(i);
        out += `\\u{${cp.toString(16)}}`;
        i += len;
        runStart = i;
        continue;
      }
    }
    flush(i);
    if (b === 0x0a) out += keepNewlines ? '\\n\n' : '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x1b) out += '\\e';
    else out += hex2(b);
    i++;
    runStart = i;
  }
  flush(buf.length);
  return out;
}

/** Quote a byte string the way redis-cli and C do: `"a\x01b\n"`. */
export function quoteBytes(input: Uint8Array): string {
  let out = '"';
  for (const b of input) {
    switch (b) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : hex2(b);
    }
  }
  return out + '"';
}
