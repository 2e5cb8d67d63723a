import busboy from 'busboy';

export interface ParsedPart {
  name: string;
  filename?: string | undefined;
  type?: string | undefined;
  data: Buffer;
}

/** Parse a multipart body with busboy, the parser most Node servers (multer) use. */
export function parseWithBusboy(body: Buffer, contentType: string): Promise<ParsedPart[]> {
  return new Promise((resolve, reject) => {
    const parts: ParsedPart[] = [];
    const bb = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8', preservePath: true });
    bb.on('field', (name, value, info) => parts.push({ name, data: Buffer.from(value, 'utf8'), type: info.mimeType }));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const part: ParsedPart = { name, filename: info.filename, type: info.mimeType, data: Buffer.alloc(0) };
      parts.push(part);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        part.data = Buffer.concat(chunks);
      });
    });
    bb.on('error', reject);
    bb.on('close', () => resolve(parts));
    bb.end(body);
  });
}

/** Parse with undici's multipart parser (what `fetch` servers and Node's Response use). */
export async function parseWithUndici(body: Buffer, contentType: string): Promise<ParsedPart[]> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const parts: ParsedPart[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push({ name, data: Buffer.from(value, 'utf8') });
    else parts.push({ name, filename: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return parts;
}
