// Bundled in place of `string-width` for yargs/cliui/wrap-ansi. The real
// module builds an Intl.Segmenter and an emoji regex when it loads (~15 ms
// of every start-up, twice: wrap-ansi has its own copy), for help text that
// is ASCII. This keeps the ASCII fast path exact and approximates the rest:
// East Asian wide and fullwidth characters count 2, combining marks and
// zero-width characters 0, everything else 1.
const ANSI = /\x1b\[[0-9;]*m|\x1b\]8;;.*?\x07/g;
const ZERO = /[\u0300-\u036f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]/;
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

export default function stringWidth(text) {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const plain = text.includes('\x1b') ? text.replace(ANSI, '') : text;
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const ch of plain) {
    const cp = ch.codePointAt(0);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || ZERO.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}
