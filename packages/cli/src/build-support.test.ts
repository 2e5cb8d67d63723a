import fc from 'fast-check';
import wrapAnsi from 'wrap-ansi';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS build helper, bundled in place of wrap-ansi (build.mjs)
import fastWrapAnsi from '../build-support/fast-wrap-ansi.js';

const pieces = ['a', 'bc', 'defgh', 'ijklmnopqrstuvwxyz0123', ' ', ' ', '  ', '\n', '\r\n', '-', '[string]', 'x'.repeat(45)];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''));
const options = fc.constantFrom({}, { hard: true }, { trim: false }, { wordWrap: false }, { hard: true, trim: false }, { hard: true, wordWrap: false }, { trim: false, wordWrap: false });

describe('fast-wrap-ansi (bundled for cliui in place of wrap-ansi)', () => {
  it('wraps printable ASCII exactly as wrap-ansi does', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), options, (s, columns, o) => {
        expect(fastWrapAnsi(s, columns, o)).toBe(wrapAnsi(s, columns, o));
      }),
      { numRuns: 3000 },
    );
  });

  it('hands escapes, control characters and non-ASCII to wrap-ansi', () => {
    for (const s of ['\x1b[31mred text that wraps\x1b[39m over', 'tab\there and there', 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e', '\u4f60\u597d \u4e16\u754c \u4f60\u597d']) {
      for (const columns of [3, 7, 12]) expect(fastWrapAnsi(s, columns, { hard: true })).toBe(wrapAnsi(s, columns, { hard: true }));
    }
  });

  it('renders the real help layout the same: long option descriptions at the widths nettk uses', () => {
    const line = '  --connect-timeout  Seconds to wait for the TCP (and TLS) handshake before giving up  [number] [default: 5]';
    for (const columns of [40, 80, 100, 110]) expect(fastWrapAnsi(line, columns, { hard: true })).toBe(wrapAnsi(line, columns, { hard: true }));
  });
});
