import { visible } from '@nettk/core';
import { WireExplainer } from '@nettk/redis';
import type { Io } from '../io.js';

/**
 * --show-wire: every byte sent (`>`) and received (`<`) on stderr, escaped,
 * one RESP line per row, with the meaning of its type byte beside it.
 */
export class WireTap {
  private readonly out = new WireExplainer();
  private readonly in = new WireExplainer();
  constructor(private readonly io: Io) {}

  show(direction: 'out' | 'in', bytes: Buffer): void {
    const lines = (direction === 'out' ? this.out : this.in).push(bytes);
    const arrow = direction === 'out' ? '>' : '<';
    const paint = direction === 'out' ? this.io.err.cyan : this.io.err.green;
    let text = '';
    for (const line of lines) {
      const shown = visible(line.bytes, { showCrlf: true, keepNewlines: false });
      const note = line.note ? this.io.err.dim(`  # ${line.note}`) : '';
      text += `${paint(arrow)} ${shown.padEnd(line.note ? 24 : 0)}${note}\n`;
    }
    if (text !== '') this.io.stderr.write(text);
  }
}
