const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const hexVal = (c: number): number => (c <= 57 ? c - 48 : (c | 0x20) - 87);

/**
 * Split a command line into arguments exactly as redis-cli does (sds.c
 * sdssplitargs): whitespace separates; "double quotes" understand
 * \n \r \t \b \a \\ \" and \xHH; 'single quotes' only \'; a closing quote
 * must be followed by whitespace or the end. Arguments are bytes: `\xff`
 * stays one byte. Returns null for unbalanced quotes (redis-cli says
 * "Invalid argument(s)").
 */
export function splitArgs(line: string | Buffer): Buffer[] | null {
  const s = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isSpace(s[i]!)) i++;
    if (i >= s.length) return out;
    const cur: number[] = [];
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      const c = s[i];
      if (inDq) {
        if (c === undefined) return null;
        if (c === 0x5c && s[i + 1] === 0x78 && isHex(s[i + 2] ?? 0) && isHex(s[i + 3] ?? 0)) {
          cur.push(hexVal(s[i + 2]!) * 16 + hexVal(s[i + 3]!));
          i += 3;
        } else if (c === 0x5c && i + 1 < s.length) {
          i++;
          const e = s[i]!;
          cur.push(e === 0x6e ? 0x0a : e === 0x72 ? 0x0d : e === 0x74 ? 0x09 : e === 0x62 ? 0x08 : e === 0x61 ? 0x07 : e);
        } else if (c === 0x22) {
          if (i + 1 < s.length && !isSpace(s[i + 1]!)) return null;
          done = true;
        } else cur.push(c);
      } else if (inSq) {
        if (c === undefined) return null;
        if (c === 0x5c && s[i + 1] === 0x27) {
          i++;
          cur.push(0x27);
        } else if (c === 0x27) {
          if (i + 1 < s.length && !isSpace(s[i + 1]!)) return null;
          done = true;
        } else cur.push(c);
      } else if (c === undefined || isSpace(c)) {
        done = true;
      } else if (c === 0x22) inDq = true;
      else if (c === 0x27) inSq = true;
      else cur.push(c);
      if (i < s.length) i++;
    }
    out.push(Buffer.from(cur));
  }
}
