// Bundled in place of `string-width` for yargs/cliui: help text is ASCII, and
// string-width's emoji and east-asian tables cost ~30 ms of every start-up
// (yargs renders its help cache before running a command). Non-ASCII text
// still goes through the real implementation.
import realStringWidth from 'string-width';

const ANSI = /\x1b\[[0-9;]*m/g;

export default function stringWidth(text, options) {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const plain = text.includes('\x1b') ? text.replace(ANSI, '') : text;
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  return realStringWidth(text, options);
}
