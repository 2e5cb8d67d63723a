import { runDoctorCheck } from './run-doctor.js';
import { runHttpCheck } from './run-http.js';
import { runProbeCheck } from './run-probe.js';
import { runRedisCheck } from './run-redis.js';
import type { CheckOutcome } from './outcome.js';
import type { Check, CheckKind, CheckOf } from './types.js';

export interface ExecutorContext {
  /** Aborted when the check's deadline passes or the run is cancelled. */
  signal: AbortSignal;
  /** Time left for this attempt; executors pass it to every wait they make. */
  timeoutMs: number;
}

/** Runs one attempt of one check. Target failures are returned as outcomes; a throw is mapped by the runner. */
export type Executor = (check: Check, ctx: ExecutorContext) => Promise<CheckOutcome>;

const EXECUTORS: { [K in CheckKind]: (check: CheckOf<K>, ctx: Parameters<Executor>[1]) => ReturnType<Executor> } = {
  probe: runProbeCheck,
  http: runHttpCheck,
  redis: runRedisCheck,
  doctor: runDoctorCheck,
};

/** The function that runs checks of this kind, built on the toolkit's libraries. */
export function executorFor(check: Check): Executor {
  return EXECUTORS[check.kind] as Executor;
}
