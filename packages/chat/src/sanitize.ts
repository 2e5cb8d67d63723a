/**
 * Make one line of peer text safe to relay to other people's terminals.
 *
 * - C0 controls and DEL are removed (a bare CR in mid-line would let a sender
 *   overwrite the `<name>` prefix and pose as someone else); TAB becomes a space.
 * - ESC sequences are removed whole: CSI (`ESC [ ... final`), OSC/DCS/SOS/PM/APC
 *   strings up to BEL or ST (ECMA-48 §5.6), and two-byte escapes.
 * - Valid UTF-8 passes through unchanged (ncat escapes it as octal; we must not),
 *   except C1 controls, bidi overrides/isolates (Trojan Source, CVE-2021-42574)
 *   and the Unicode line/paragraph separators, which are removed.
 * - Invalid UTF-8 becomes U+FFFD, so every relayed line is valid UTF-8.
 */
export function sanitizeLine(input: Buffer): Buffer {
  let i = 0;
  const n = input.length;
  while (i < n) {
    const b = input[i]!;
    if (b < 0x20 || b >= 0x7f) break;
    i++;
  }
  // Fast path: printable ASCII, the common case, is relayed without a copy.
  if (i === n) return input;
  const out = Buffer.allocUnsafe(n * 3);
  input.copy(out, 0, 0, i);
  let o = i;
  while (i < n) {
    const b = input[i]!;
    if (b >= 0x20 && b < 0x7f) {
      out[o++] = b;
      i++;
    } else if (b === 0x1b) {
      i = skipEscape(input, i + 1);
    } else if (b === 0x09) {
      out[o++] = 0x20;
      i++;
    } else if (b < 0x80) {
      i++;
    } else {
      const len = utf8Length(input, i);
      if (len === 0) {
        out[o++] = 0xef;
        out[o++] = 0xbf;
        out[o++] = 0xbd;
        i++;
      } else {
        if (!isUnsafeCodePoint(codePointAt(input, i, len))) o += input.copy(out, o, i, i + len);
        i += len;
      }
    }
  }
  return out.subarray(0, o);
}

/** Index just past the escape sequence whose ESC was at `start - 1`. */
function skipEscape(input: Buffer, start: number): number {
  const n = input.length;
  if (start >= n) return n;
  const kind = input[start]!;
  if (kind === 0x5b /* [ CSI */) {
    let i = start + 1;
    while (i < n) {
      const c = input[i]!;
      i++;
      if (c >= 0x40 && c <= 0x7e) return i;
      // Not a parameter or intermediate byte: the sequence is malformed; resume at this byte.
      if (c < 0x20 || c > 0x3f) return i - 1;
    }
    return n;
  }
  // OSC, DCS, SOS, PM, APC: a control string ended by BEL (xterm) or ST (ESC \).
  if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
    let i = start + 1;
    while (i < n) {
      const c = input[i]!;
      if (c === 0x07) return i + 1;
      if (c === 0x1b) return i + 1 < n && input[i + 1] === 0x5c ? i + 2 : i + 1;
      i++;
    }
    return n;
  }
  // nF escapes: intermediates 0x20-0x2F then one final byte; Fp/Fe/Fs: one byte.
  let i = start;
  while (i < n && input[i]! >= 0x20 && input[i]! <= 0x2f) i++;
  if (i < n && input[i]! >= 0x30 && input[i]! <= 0x7e) return i + 1;
  return i;
}

/** Length of the valid UTF-8 sequence at i (RFC 3629 §4), or 0. */
export function utf8Length(bytes: Buffer, i: number): number {
  const b0 = bytes[i]!;
  let need: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    need = 1;
    min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    min = 0x10000;
  } else return 0;
  if (i + need >= bytes.length) return 0;
  let cp = b0 & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const b = bytes[i + k]!;
    if ((b & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return need + 1;
}

function codePointAt(bytes: Buffer, i: number, len: number): number {
  let cp = bytes[i]! & (0x7f >> len);
  for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
  return cp;
}

function isUnsafeCodePoint(cp: number): boolean {
  return (
    (cp >= 0x80 && cp <= 0x9f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x200e ||
    cp === 0x200f ||
    cp === 0x061c ||
    cp === 0x2028 ||
    cp === 0x2029
  );
}
