import { ResponseFramer, type FramerEvent, type FramerOptions } from '../../packages/http/src/response-framer.js';

/** What a framer produced, normalised so whole-buffer and byte-by-byte runs compare equal. */
export interface FramerRun {
  events: Array<Record<string, unknown>>;
  body: string;
  excess: string;
}

function normalise(events: FramerEvent[]): FramerRun['events'] {
  const out: FramerRun['events'] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    switch (e.type) {
      case 'data':
      case 'raw':
        if (last && last.type === e.type) last.data = `${last.data as string}${e.data.toString('latin1')}`;
        else out.push({ type: e.type, data: e.data.toString('latin1') });
        break;
      case 'head':
        out.push({
          type: 'head',
          status: e.head.status,
          reason: e.head.reason,
          httpVersion: e.head.httpVersion,
          headers: e.head.headers,
          informational: e.head.informational,
          framing: e.head.framing,
          raw: Buffer.concat(e.head.lines).toString('latin1'),
        });
        break;
      case 'trailers':
        out.push({ type: 'trailers', trailers: e.trailers, raw: Buffer.concat(e.lines).toString('latin1') });
        break;
      case 'error':
        out.push({ type: 'error', code: e.error.code, message: e.error.message });
        break;
      default:
        out.push({ ...e });
    }
  }
  return out;
}

/** Feed `input` split at the given sizes (cycled), then `finish()` if `close`. */
export function runFramer(input: Buffer | string, options: FramerOptions & { split?: 'whole' | 'bytes' | number[]; close?: boolean } = {}): FramerRun {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const framer = new ResponseFramer(options);
  const events: FramerEvent[] = [];
  const split = options.split ?? 'whole';
  const sizes = split === 'whole' ? [Math.max(1, bytes.length)] : split === 'bytes' ? [1] : split;
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]!);
    events.push(...framer.push(bytes.subarray(at, at + n)));
    at += n;
  }
  if (options.close) events.push(...framer.finish());
  const run = normalise(events);
  const body = run.filter((e) => e.type === 'data').map((e) => e.data as string).join('');
  return { events: run, body, excess: framer.excess.toString('latin1') };
}

/** Run whole and byte by byte; both must agree. Returns the whole run. */
export function runBothWays(input: Buffer | string, options: FramerOptions & { close?: boolean } = {}): { whole: FramerRun; bytes: FramerRun } {
  return { whole: runFramer(input, { ...options, split: 'whole' }), bytes: runFramer(input, { ...options, split: 'bytes' }) };
}
