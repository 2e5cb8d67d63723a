import type { Finding } from '@nettk/sockets';
import type { DoctorSpec } from './types.js';
import type { KindValidator } from './validate-kind.js';
import { readPortSpec } from './validate-probe.js';

/** The finding codes of `nettk doctor` (@nettk/sockets); the check below keeps this list complete. */
export const FINDING_CODES = [
  'accept-queue-full',
  'accept-queue-waiting',
  'backlog-capped',
  'listen-overflows',
  'syncookies',
  'time-wait-overflow',
  'listen-in-ephemeral-range',
  'time-wait-pressure',
  'close-wait',
] as const satisfies ReadonlyArray<Finding['code']>;
// Compile-time: a code added to @nettk/sockets and missing here fails the build.
const complete: Exclude<Finding['code'], (typeof FINDING_CODES)[number]> extends never ? true : never = true;
void complete;

/** What `selfconnect-risk` looks for: listeners whose clients can connect to themselves, and ephemeral-port exhaustion. */
export const SELFCONNECT_FINDINGS: readonly string[] = ['listen-in-ephemeral-range', 'time-wait-pressure'];

export const doctorValidator: KindValidator<DoctorSpec> = {
  keys: ['findings', 'severity', 'ports', 'sample'],
  targetKeys: ['ports'],
  read(f) {
    const findings = f.stringList('findings') ?? [];
    for (const code of findings) {
      if (!(FINDING_CODES as readonly string[]).includes(code)) f.error('findings', `unknown finding "${code}" (known: ${FINDING_CODES.join(', ')})`);
    }
    const severity = f.choice('severity', ['info', 'warning'] as const) ?? 'warning';
    const ports = f.has('ports') ? readPortSpec(f, 'ports') : { ports: [], spec: '' };
    const sampleMs = f.duration('sample') ?? 1000;
    if (!ports) return undefined;
    return { kind: 'doctor', findings, severity, ports: ports.ports, sampleMs };
  },
};
