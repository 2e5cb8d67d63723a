/** The runbook schema once validated: what `nettk check` runs and `nettk serve` binds to targets. */

export type CheckKind = 'probe' | 'http' | 'redis' | 'doctor';

/** Every kind a file may name; `selfconnect-risk` is a doctor check preset to the self-connect findings. */
export const KIND_NAMES = ['probe', 'http', 'redis', 'doctor', 'selfconnect-risk'] as const;
export type KindName = (typeof KIND_NAMES)[number];

export interface Defaults {
  /** Deadline of one attempt of one check. */
  timeoutMs: number;
  /** Extra attempts after a failed one. */
  retries: number;
  /** Checks in flight at once. */
  concurrency: number;
}

export const BUILTIN_DEFAULTS: Defaults = { timeoutMs: 5000, retries: 0, concurrency: 32 };

export interface ProbeSpec {
  kind: 'probe';
  host: string;
  family: 0 | 4 | 6;
  ports: number[];
  /** The port spec as written, for reports (`80,443`, `8000-8010`). */
  portSpec: string;
  expect: 'open' | 'closed';
  /** Require every resolved address to match, not just one (always so for `closed`). */
  everyAddress: boolean;
}

/** Inclusive status code ranges: `200` is [200, 200], `2xx` is [200, 299]. */
export type StatusRange = readonly [number, number];

export interface HeaderExpect {
  /** Lower-case field name. */
  name: string;
  /** A pattern the value must match; null = the field must be present; `absent` = must not be. */
  pattern: RegExp | null;
  absent: boolean;
}

export interface FormField {
  name: string;
  value?: string | undefined;
  /** A local file sent as this field's content (multipart). */
  file?: string | undefined;
  type?: string | undefined;
}

export interface HttpExpect {
  status: StatusRange[];
  headers: HeaderExpect[];
  body?: RegExp | undefined;
  bodyNot?: RegExp | undefined;
  /** Fail when the whole exchange took longer (a stricter bar than the deadline). */
  maxTimeMs?: number | undefined;
}

export interface HttpSpec {
  kind: 'http';
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body?: string | undefined;
  form?: FormField[] | undefined;
  /** Skip TLS certificate verification (curl -k). */
  insecure: boolean;
  expect: HttpExpect;
}

export type RedisExpect =
  | { kind: 'reply'; value: string | number | boolean | null }
  | { kind: 'match'; pattern: RegExp }
  | { kind: 'no-error' }
  | { kind: 'error'; pattern: RegExp | null };

export interface RedisSpec {
  kind: 'redis';
  /** redis://[user:pass@]host:port[/db] or rediss:// for TLS. */
  url: string;
  /** The command's arguments as bytes (`GET "a\x00b"` keeps its NUL), `PING` → [PING]. */
  command: Buffer[];
  expect: RedisExpect;
}

export interface DoctorSpec {
  kind: 'doctor';
  /** Finding codes of `nettk doctor` that fail the check; empty = every finding at or above `severity`. */
  findings: string[];
  severity: 'info' | 'warning';
  /** Only findings about these ports count (a service's own port); for selfconnect-risk also: is the port itself exposed. */
  ports: number[];
  /** How long kernel counters are watched for what is rising now. */
  sampleMs: number;
}

export type CheckSpec = ProbeSpec | HttpSpec | RedisSpec | DoctorSpec;

export interface CheckCommon {
  name: string;
  tags: string[];
  timeoutMs: number;
  retries: number;
  /** Where the check is written (1-based), for reports and JUnit. */
  line: number;
  /** The kind as written (`selfconnect-risk` stays visible in reports). */
  kindName: KindName;
}

export type Check = CheckCommon & CheckSpec;
export type CheckOf<K extends CheckKind> = CheckCommon & Extract<CheckSpec, { kind: K }>;

/** A `nettk serve` module: a check whose target comes from `/probe?target=`. */
export interface Module {
  name: string;
  /** The check with its target fields empty; `bindTarget` fills them. */
  check: Check;
  /** http modules: what a bare host:port target becomes. */
  http?: { scheme: 'http' | 'https'; path: string } | undefined;
  /** redis modules: what a bare host:port target becomes. */
  redis?: { scheme: 'redis' | 'rediss'; db: number; username?: string | undefined; password?: string | undefined } | undefined;
}

export interface Runbook {
  file: string;
  defaults: Defaults;
  checks: Check[];
  modules: Module[];
}
