import { isIP } from 'node:net';
import { NettkError, type DialEvent, type DialTlsOptions, monotonicMs } from '@nettk/core';
import { exchange, HttpConnection, type ExchangeOptions, type FramerEvent } from '@nettk/http';
import { runPipelined } from './http-pipeline.js';
import { originKey, type HttpPlan, type PlannedRequest } from './http-plan.js';
import { newRecord, recordEvent, type ExchangeRecord } from './http-record.js';
import type { HttpSettings } from './http-settings.js';

/** What the session tells the output as it goes. */
export interface HttpView {
  /** True when bodies must be kept in the record (JSON output). */
  readonly collectBodies: boolean;
  dial(event: DialEvent): void;
  opened(record: ExchangeRecord): void;
  event(record: ExchangeRecord, event: FramerEvent): void | Promise<void>;
  done(record: ExchangeRecord): void | Promise<void>;
  /** Everything is over (also after an error): flush files, print a JSON document. */
  finish(records: ExchangeRecord[]): void | Promise<void>;
}

export interface OpenConnection {
  connection: HttpConnection;
  key: string;
  number: number;
  /** Requests written on it so far (a pipelined request reuses it before any response). */
  sent: number;
}

/** A failed certificate check says what to do about it. */
function withTlsHint(error: unknown): unknown {
  if (error instanceof NettkError && /certificate|self.signed|unable to verify|CERT_/i.test(error.message) && !/--insecure/.test(error.message)) {
    return new NettkError(error.code, `${error.message} (use --cacert FILE to trust it, or -k/--insecure to skip the check)`, { cause: error });
  }
  return error;
}

/**
 * Sends every planned request in order: one connection per origin, reused
 * while keep-alive is on and the server allows it, closed the moment the last
 * response is complete. Stops at the first error (recorded, not thrown).
 */
export class HttpSession {
  readonly records: ExchangeRecord[] = [];
  open: OpenConnection | undefined;
  /** Pipelined connections lost in a row before any response (http-pipeline.ts bounds it). */
  pipelineRetries = 0;
  private opened = 0;

  constructor(
    readonly plan: HttpPlan,
    readonly settings: HttpSettings,
    private readonly ca: Buffer | undefined,
    readonly view: HttpView,
  ) {}

  async run(): Promise<ExchangeRecord[]> {
    const { requests } = this.plan;
    try {
      let i = 0;
      while (i < requests.length) {
        const request = requests[i]!;
        if (this.settings.pipeline > 1 && !request.raw) {
          const next = await runPipelined(this, i);
          if (next < 0) break;
          i = next;
          continue;
        }
        const record = this.newRecord(request);
        const deadline = this.deadline();
        try {
          const c = await this.connectionFor(request, record);
          this.view.opened(record);
          await this.exchangeAll(c, record, deadline);
        } catch (error) {
          record.error = error instanceof Error ? error : new Error(String(error));
        }
        await this.view.done(record);
        if (record.error) break;
        if (!this.settings.keepAlive) this.closeConnection();
        i++;
      }
    } finally {
      this.closeConnection();
    }
    return this.records;
  }

  newRecord(request: PlannedRequest): ExchangeRecord {
    const record = newRecord(request);
    if (this.records.length === 0) record.warnings.push(...this.plan.warnings);
    this.records.push(record);
    return record;
  }

  deadline(): number | undefined {
    return this.settings.maxTimeMs === undefined ? undefined : monotonicMs() + this.settings.maxTimeMs;
  }

  /** The open connection when it can carry `request`, else a new one; fills `record.connection`. */
  async connectionFor(request: PlannedRequest, record: ExchangeRecord): Promise<HttpConnection> {
    const key = originKey(request);
    if (!(this.open && this.open.key === key && this.open.connection.usable)) {
      this.closeConnection();
      const connection = await HttpConnection.open({
        host: request.host,
        port: request.port,
        family: this.settings.family,
        tls: this.tlsOptions(request),
        connectTimeoutMs: Math.min(this.settings.connectTimeoutMs, this.settings.maxTimeMs ?? Infinity),
        onDialEvent: (e) => this.view.dial(e),
      }).catch((error: unknown) => Promise.reject(withTlsHint(error)));
      this.open = { connection, key, number: this.opened++, sent: 0 };
    }
    const open = this.open;
    const c = open.connection.dialed;
    record.connection = { id: open.number, reused: open.sent > 0, address: c.address, port: c.port, localAddress: c.localAddress, localPort: c.localPort, tls: c.tls };
    open.sent++;
    return open.connection;
  }

  closeConnection(): void {
    this.open?.connection.close();
    this.open = undefined;
  }

  readOptions(request: PlannedRequest, deadline: number | undefined): ExchangeOptions {
    const s = this.settings;
    return {
      deadline,
      deadlineLabel: s.maxTimeMs === undefined ? undefined : `--max-time ${s.maxTimeMs / 1000} s`,
      idleTimeoutMs: s.idleTimeoutMs,
      maxHeaderBytes: s.limits.maxHeaderBytes,
      maxHeaderCount: s.limits.maxHeaderCount,
      emitRaw: request.raw,
    };
  }

  onEvent(record: ExchangeRecord): (event: FramerEvent) => void | Promise<void> {
    return (event) => {
      recordEvent(record, event, this.view.collectBodies, this.settings.maxBodyBytes);
      return this.view.event(record, event);
    };
  }

  private tlsOptions(request: PlannedRequest): DialTlsOptions | undefined {
    if (!request.tls) return undefined;
    return {
      servername: isIP(request.host) === 0 ? request.host : undefined,
      rejectUnauthorized: !this.settings.insecure,
      ALPNProtocols: ['http/1.1'],
      ...(this.ca ? { ca: this.ca } : {}),
    };
  }

  /** One planned request: its response, or for pipelined raw requests all of them in order. */
  private async exchangeAll(c: HttpConnection, record: ExchangeRecord, deadline: number | undefined): Promise<void> {
    const request = record.request;
    const options = this.readOptions(request, deadline);
    const onEvent = this.onEvent(record);
    const first = await exchange(c, { head: request.head, body: request.body, method: request.method, expectContinue: request.expectContinue }, options, onEvent);
    record.timings = first.timings;
    for (let i = 1; i < request.methods.length; i++) {
      try {
        const outcome = await c.read({ ...options, method: request.methods[i]! }, onEvent);
        // Pipelined responses extend the transfer phase of the one exchange.
        const extra = outcome.endAt - first.outcome.endAt;
        record.timings = { ...first.timings, totalMs: first.timings.totalMs + extra, phases: { ...first.timings.phases, transferMs: first.timings.phases.transferMs + extra } };
      } catch (error) {
        if (error instanceof NettkError) throw new NettkError(error.code, `response ${i + 1} of ${request.methods.length} (pipelined): ${error.message}`, { cause: error });
        throw error;
      }
    }
  }
}
