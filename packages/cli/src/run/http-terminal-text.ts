import { visible } from '@nettk/core';

/** Length of an unfinished UTF-8 sequence at the end of `bytes` (0-3). */
function incompleteUtf8Tail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Peer bytes made safe for a terminal, chunk by chunk: control bytes and
 * escape sequences escaped by core visible(), CRLF shown as a plain line end
 * (a lone CR stays visible as \r), and a UTF-8 character or CRLF split
 * across chunks kept whole.
 */
export class TerminalText {
  private carry: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string {
    let bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let keep = incompleteUtf8Tail(bytes);
    if (keep === 0 && bytes[bytes.length - 1] === 0x0d) keep = 1;
    this.carry = keep > 0 ? Buffer.from(bytes.subarray(bytes.length - keep)) : Buffer.alloc(0);
    bytes = bytes.subarray(0, bytes.length - keep);
    return render(bytes);
  }

  flush(): string {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest.length > 0 ? render(rest) : '';
  }
}

function render(bytes: Buffer): string {
  if (!bytes.includes(0x0d)) return visible(bytes);
  // A CR that ends a line is how HTTP writes line ends, not something to hide.
  const parts: string[] = [];
  let start = 0;
  let at = bytes.indexOf('\r\n', 0, 'latin1');
  while (at >= 0) {
    parts.push(visible(bytes.subarray(start, at)), '\n');
    start = at + 2;
    at = bytes.indexOf('\r\n', start, 'latin1');
  }
  parts.push(visible(bytes.subarray(start)));
  return parts.join('');
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded|x-ndjson|yaml|toml|problem\+json|graphql)|[^;]*\+(json|xml)\s*(;|$)|image\/svg\+xml)/i;
const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip|x-gzip|x-tar|zstd|x-bzip2|x-xz|x-7z-compressed|wasm|vnd\.|x-protobuf|protobuf|grpc|msgpack|cbor)/i;

/**
 * Is this body text a terminal can show? The Content-Type decides when it
 * is clear; otherwise the first bytes do (NUL or invalid UTF-8 = binary).
 */
export function looksBinary(contentType: string | undefined, firstChunk: Buffer): boolean {
  if (contentType && TEXT_TYPES.test(contentType)) return false;
  if (contentType && BINARY_TYPES.test(contentType)) return true;
  const sample = firstChunk.subarray(0, 8192);
  if (sample.includes(0)) return true;
  const body = sample.subarray(0, sample.length - incompleteUtf8Tail(sample));
  return Buffer.from(body.toString('utf8'), 'utf8').compare(body) !== 0;
}
