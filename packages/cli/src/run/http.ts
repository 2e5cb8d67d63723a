import { NegativeAnswer, UsageError, visible } from '@nettk/core';
import type { HttpArgs } from '../commands/http.js';
import type { Io } from '../io.js';
import { HumanView } from './http-human.js';
import { InputReader } from './http-input.js';
import { JsonView } from './http-json.js';
import { planHttp, type HttpPlan } from './http-plan.js';
import { finalResponse, type ExchangeRecord } from './http-record.js';
import { HttpSession } from './http-session.js';
import { httpSettings, type HttpSettings } from './http-settings.js';
import { Transcript } from './http-transcript.js';

function checkCombinations(args: HttpArgs, settings: HttpSettings, io: Io): void {
  if (io.mode !== 'human') {
    if (args.include) throw new UsageError('-i has no effect with --json/--ndjson: the heads are in the document');
    if (settings.output !== undefined) throw new UsageError('-o and --json/--ndjson both want the body: choose one');
    if (settings.timings) throw new UsageError('--timings is already in the --json/--ndjson document');
  }
  if (args['print-request'] && io.mode !== 'human') throw new UsageError('--print-request prints bytes, not JSON');
}

/** --print-request: the exact bytes, once per distinct request, nothing sent. */
function printRequests(plan: HttpPlan, io: Io): void {
  const seen = new Set<unknown>();
  for (const request of plan.requests) {
    if (seen.has(request)) continue;
    seen.add(request);
    const bytes = request.body.length > 0 ? Buffer.concat([request.head, request.body]) : request.head;
    // A terminal gets the bytes escaped; a pipe or file gets them exactly.
    io.stdout.write(io.stdout.isTTY ? visible(bytes) : bytes);
  }
}

export async function runHttp(args: HttpArgs, io: Io): Promise<number> {
  const settings = httpSettings(args);
  checkCombinations(args, settings, io);
  const input = new InputReader(io);
  const plan = await planHttp(args, settings, input);
  if (args['print-request']) {
    printRequests(plan, io);
    return 0;
  }
  const ca = args.cacert === undefined ? undefined : await input.file(args.cacert);
  const view = io.mode === 'human' ? new HumanView(io, settings) : new JsonView(io, settings.verbose ? new Transcript(io, settings.showCrlf) : undefined);
  // Said before anything is sent: what in a raw request a server will trip over (JSON has them in the document).
  if (view instanceof HumanView) for (const warning of plan.warnings) view.warn(warning);
  let records: ExchangeRecord[] | undefined;
  try {
    records = await new HttpSession(plan, settings, ca, view).run();
  } finally {
    await view.finish(records ?? []);
  }
  const failed = records.find((r) => r.error !== undefined);
  if (failed) throw failed.error;
  if (settings.fail) {
    const bad = records.map(finalResponse).find((r) => r !== undefined && r.head.status >= 400);
    if (bad) throw new NegativeAnswer(`server answered ${bad.head.status}${bad.head.reason ? ` ${visible(bad.head.reason, { keepNewlines: false })}` : ''} (--fail)`);
  }
  return 0;
}
