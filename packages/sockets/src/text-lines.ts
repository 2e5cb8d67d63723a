/**
 * Splits text arriving in chunks into whole lines (LF or CRLF), holding a
 * partial line until its end arrives. The tool parsers build on it so that
 * they can be fed a whole output or a stream, a byte at a time if need be.
 * A line longer than `maxLine` characters is an error: tool output is ours to
 * parse only within bounds.
 */
export class TextLines {
  private partial = '';

  constructor(private readonly maxLine = 1 << 20) {}

  push(chunk: string): string[] {
    const text = this.partial + chunk;
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      lines.push(text.charCodeAt(nl - 1) === 13 && nl > start ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    this.partial = start === 0 ? text : text.slice(start);
    if (this.partial.length > this.maxLine) throw new Error(`line longer than ${this.maxLine} characters`);
    return lines;
  }

  /** The last line when the text did not end with a newline. */
  end(): string[] {
    const last = this.partial;
    this.partial = '';
    return last === '' ? [] : [last.endsWith('\r') ? last.slice(0, -1) : last];
  }
}
