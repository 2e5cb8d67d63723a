import { visible, type DialEvent } from '@nettk/core';
import { headerValue, type FramerEvent, type HttpTimings } from '@nettk/http';
import type { Io } from '../io.js';
import { BodySink, type BodySummary } from './http-body-sink.js';
import { finalResponse, type ExchangeRecord } from './http-record.js';
import type { HttpView } from './http-session.js';
import type { HttpSettings } from './http-settings.js';
import { ms, Transcript } from './http-transcript.js';

/**
 * Output for people and pipes: the body on stdout (exact bytes to a pipe,
 * escaped text on a terminal), `-i` heads, the `-v` transcript, a status
 * line, warnings and timings on stderr.
 */
export class HumanView implements HttpView {
  readonly collectBodies = false;
  private readonly transcript: Transcript | undefined;
  private readonly sink: BodySink;
  private summary: BodySummary | undefined;

  constructor(
    private readonly io: Io,
    private readonly settings: HttpSettings,
  ) {
    this.transcript = settings.verbose ? new Transcript(io, settings.showCrlf) : undefined;
    this.sink = new BodySink(io, settings.output, !settings.verbose);
  }

  dial(event: DialEvent): void {
    this.transcript?.dial(event);
  }

  opened(record: ExchangeRecord): void {
    const t = this.transcript;
    if (!t) return;
    const c = record.connection!;
    if (c.reused) t.info(`Re-using connection #${c.id} to ${record.request.label}`);
    t.sent(record.request.head);
    if (record.request.body.length > 0) {
      t.info(`request body: ${record.request.body.length} bytes${record.request.expectContinue ? ' (sent after 100 Continue)' : ''}; --print-request shows them`);
    }
  }

  event(record: ExchangeRecord, event: FramerEvent): void | Promise<void> {
    const raw = record.request.raw;
    switch (event.type) {
      case 'raw':
        return this.sink.writeText(event.data);
      case 'head':
        this.transcript?.received(event.head.lines);
        if (!event.head.informational && !raw) this.sink.begin();
        if (this.settings.include && !raw) return this.sink.writeText(Buffer.concat(event.head.lines));
        return;
      case 'data':
        if (raw) return;
        return this.sink.write(event.data, this.contentType(record));
      case 'trailers':
        this.transcript?.received(event.lines);
        return;
      case 'warning':
        this.warn(event.message);
        return;
      case 'end':
        if (!raw) this.summary = this.sink.end();
        return;
      default:
        return;
    }
  }

  private contentType(record: ExchangeRecord): string | undefined {
    const head = record.responses[record.responses.length - 1]?.head;
    return head ? headerValue(head.headers, 'content-type') : undefined;
  }

  warn(message: string): void {
    if (this.settings.silent) return;
    if (this.transcript) this.transcript.info(`warning: ${message}`);
    else this.io.note(this.io.err.yellow(`nettk: warning: ${message}`));
  }

  async done(record: ExchangeRecord): Promise<void> {
    // The body so far goes out before the status line, so `2>&1` reads in order.
    if (!this.settings.silent || this.settings.timings || record.error) await this.sink.flush();
    const final = finalResponse(record);
    const t = this.transcript;
    if (final && final.complete && !this.settings.silent) {
      const h = final.head;
      const paint = h.status >= 400 ? this.io.err.red : h.status >= 300 ? this.io.err.yellow : this.io.err.green;
      const status = paint(visible(`HTTP/${h.httpVersion} ${h.status}${h.reason ? ` ${h.reason}` : ''}`, { keepNewlines: false }));
      const connection = record.keepAlive && this.settings.keepAlive ? 'keep-alive' : 'closed';
      const facts = `${final.bodyBytes} bytes, ${final.framing}, ${record.timings ? ms(record.timings.totalMs) : '?'}, connection ${connection}${record.connection?.reused ? ` (reused #${record.connection.id})` : ''}`;
      if (t) t.info(`${status} complete: ${facts}`);
      else this.io.note(`${status} ${this.io.err.dim(`(${facts})`)}`);
      if (this.summary?.withheld) {
        const type = headerValue(h.headers, 'content-type') ?? 'unknown type';
        this.io.note(`nettk: binary body (${this.summary.bytes} bytes, ${visible(type, { keepNewlines: false })}) not shown on a terminal: use -o FILE or a pipe`);
      }
    }
    if (this.settings.timings && record.timings) {
      for (const line of timingsTable(record.timings, record.connection?.reused === true)) this.io.note(line);
    }
    this.summary = undefined;
  }

  async finish(_records: ExchangeRecord[]): Promise<void> {
    await this.sink.close();
  }
}

function cell(ms: number): string {
  return `${ms.toFixed(3)} ms`.padStart(13);
}

/** The --timings table: each phase's duration and the cumulative mark at its end, as curl -w reports them. */
export function timingsTable(t: HttpTimings, reused: boolean): string[] {
  const rows: Array<[string, number, number]> = [
    ['dns', t.phases.dnsMs, t.dnsMs],
    ['connect', t.phases.connectMs, t.connectMs],
    ['tls', t.phases.tlsMs, t.tlsMs],
    ['ttfb', t.phases.ttfbMs, t.ttfbMs],
    ['transfer', t.phases.transferMs, t.totalMs],
  ];
  const out = [`${'phase'.padEnd(10)}${'duration'.padStart(13)}${'cumulative'.padStart(13)}${reused ? '   (connection reused: no dns/connect/tls)' : ''}`];
  for (const [name, phase, cumulative] of rows) out.push(`${name.padEnd(10)}${cell(phase)}${cell(cumulative)}`);
  out.push(`${'total'.padEnd(10)}${''.padStart(13)}${cell(t.totalMs)}`);
  return out;
}
