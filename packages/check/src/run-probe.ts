import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { formatHostPort, roundMs, type LookupAll, monotonicMs } from '@nettk/core';
import { probe, type ProbeResult } from '@nettk/probe';
import type { ExecutorContext } from './executors.js';
import { broken, fail, pass, type CheckOutcome } from './outcome.js';
import type { CheckOf } from './types.js';

/** A system resolver (dns.lookup, all addresses, verbatim order) that records how long it took. */
export function timedLookup(): { lookup: LookupAll; elapsedMs: () => number | undefined } {
  let elapsed: number | undefined;
  const lookup: LookupAll = (host, family, callback) => {
    const t0 = monotonicMs();
    dnsLookup(host, { all: true, family, order: 'verbatim' }, (err, addresses: LookupAddress[]) => {
      elapsed = monotonicMs() - t0;
      if (err) return callback(err, []);
      callback(null, addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  };
  return { lookup, elapsedMs: () => elapsed };
}

/** Ports probed at once inside one check; the runner bounds the checks themselves. */
const PORTS_IN_FLIGHT = 128;

function where(r: ProbeResult): string {
  return `${formatHostPort(r.address ?? r.host, r.port)}`;
}

/** `127.0.0.1:81 Connection refused, 127.0.0.1:82 timed out (+3 more)`. */
function list(results: readonly ProbeResult[], word: (r: ProbeResult) => string): string {
  const shown = results.slice(0, 3).map((r) => `${where(r)} ${word(r)}`);
  return shown.join(', ') + (results.length > 3 ? ` (+${results.length - 3} more)` : '');
}

/**
 * `nettk probe` as a check: `open` passes when every port answers on some
 * address (every address with every_address), `closed` when no port is
 * open on any address — refused, dropped or unreachable all mean shut, as
 * `nettk probe --expect closed` decides.
 */
export async function runProbeCheck(check: CheckOf<'probe'>, ctx: ExecutorContext): Promise<CheckOutcome> {
  const timed = timedLookup();
  const first = check.expect === 'open' && !check.everyAddress;
  const report = await probe({
    hosts: [{ host: check.host, family: check.family }],
    ports: check.ports,
    timeoutMs: ctx.timeoutMs,
    family: check.family,
    first,
    concurrency: Math.min(PORTS_IN_FLIGHT, check.ports.length),
    signal: ctx.signal,
    lookup: timed.lookup,
  });
  const results = report.results;
  const openOnes = results.filter((r) => r.state === 'open');
  const firstOpen = openOnes[0];
  const timings = { dnsMs: timed.elapsedMs() ?? 0, connectMs: (firstOpen ?? results[0])?.ms };
  const extra: Partial<CheckOutcome> = {
    timings,
    ipProtocol: (firstOpen ?? results[0])?.family ?? undefined,
    metrics: { tcp_guard_fired: report.summary.guardFired },
    details: { results: results.map((r) => ({ address: r.address, port: r.port, state: r.state, reason: r.reason, ms: roundMs(r.ms) })) },
  };
  const target = `${check.host} ${check.portSpec}`;
  const dns = results.find((r) => r.address === null);
  if (dns) return fail('dns', dns.text, extra);
  const local = results.find((r) => r.state === 'error');
  if (local) return broken(local.reason, `${where(local)}: ${local.text}`, extra);

  if (check.expect === 'open') {
    const notOpen = results.filter((r) => r.state !== 'open');
    // With `first`, a port that answered on a later address left its earlier failures out of the results.
    if (notOpen.length === 0) return pass(`${openOnes.length === 1 ? where(openOnes[0]!) : target} open`, extra);
    return fail(notOpen[0]!.reason, list(notOpen, (r) => r.text), extra);
  }
  if (openOnes.length === 0) {
    const how = [...new Set(results.map((r) => r.reason))].join(', ');
    return pass(`${results.length === 1 ? where(results[0]!) : target} not open (${how})`, extra);
  }
  return fail('port-open', `${list(openOnes, () => 'open')} (expected closed)`, extra);
}
