import { doctor, parsePortRange, parseReservedPorts, type Finding } from '@nettk/sockets';
import type { ExecutorContext } from './executors.js';
import { fail, pass, type CheckOutcome } from './outcome.js';
import type { CheckOf } from './types.js';
import { SELFCONNECT_FINDINGS } from './validate-doctor.js';

/**
 * A service port inside ip_local_port_range (and not reserved) can be taken
 * by an outgoing connection while the service is down, and a client
 * retrying it can connect to itself (REFERENCE.md, Self-connect).
 */
export function portsAtRisk(ports: readonly number[], rangeText: string | null, reservedText: string | null): { ports: number[]; range: [number, number] } | undefined {
  const range = parsePortRange(rangeText);
  if (!range) return undefined;
  const reserved = parseReservedPorts(reservedText);
  return { ports: ports.filter((p) => p >= range[0] && p <= range[1] && !reserved(p)), range };
}

/**
 * The kernel findings of `nettk doctor` as pass/fail: the check fails on any
 * finding at or above its severity, among the codes it names (all if none),
 * about its ports (if it names ports). `selfconnect-risk` names the
 * self-connect findings and also fails for a named port that is itself
 * inside the ephemeral range, listening or not.
 */
export async function runDoctorCheck(check: CheckOf<'doctor'>, ctx: ExecutorContext): Promise<CheckOutcome> {
  const selfconnect = check.kindName === 'selfconnect-risk';
  const codes = check.findings.length > 0 ? check.findings : selfconnect ? SELFCONNECT_FINDINGS : [];
  const sampleMs = Math.min(check.sampleMs, ctx.timeoutMs / 2);
  // procfs, not ss: no process per check, which matters for runbooks of many checks and for serve.
  const report = await doctor({ backend: 'proc', sampleMs, signal: ctx.signal });
  const counts = (f: Finding): boolean =>
    (check.severity === 'info' || f.level === 'warning') &&
    (codes.length === 0 || codes.includes(f.code)) &&
    (check.ports.length === 0 || (f.subject !== undefined && check.ports.includes(f.subject.port)));
  const found = report.findings.filter(counts);
  const messages = found.map((f) => f.message);
  let reason: string | undefined = found[0]?.code;
  if (selfconnect && check.ports.length > 0) {
    const knob = (name: string): string | null => report.knobs.find((k) => k.name === name)?.value ?? null;
    const risk = portsAtRisk(check.ports, knob('net.ipv4.ip_local_port_range'), knob('net.ipv4.ip_local_reserved_ports'));
    const listed = new Set(found.map((f) => f.subject?.port));
    for (const port of risk?.ports.filter((p) => !listed.has(p)) ?? []) {
      messages.push(`port ${port} is inside ip_local_port_range ${risk!.range[0]}-${risk!.range[1]} and not reserved: while nothing listens there, a client can connect to itself (reserve it in net.ipv4.ip_local_reserved_ports)`);
      reason ??= 'port-in-ephemeral-range';
    }
  }
  const extra: Partial<CheckOutcome> = {
    metrics: { doctor_findings: messages.length },
    details: { findings: found.map((f) => ({ level: f.level, code: f.code, message: f.message })), backend: report.backend, sampleMs },
  };
  if (reason === undefined) {
    const scope = check.ports.length > 0 ? ` for port${check.ports.length === 1 ? '' : 's'} ${check.ports.join(',')}` : '';
    return pass(`no ${selfconnect ? 'self-connect risk' : `${check.severity === 'info' ? '' : 'warning '}findings`}${scope} (${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in all)`, extra);
  }
  return fail(reason, messages.length > 1 ? `${messages[0]} (+${messages.length - 1} more)` : messages[0]!, extra);
}
