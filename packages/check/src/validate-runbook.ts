import { isMap, isScalar } from 'yaml';
import { FieldReader } from './field-reader.js';
import { NodeReader, type AnyNode } from './node-reader.js';
import { RunbookInvalid, type Source } from './source.js';
import { BUILTIN_DEFAULTS, KIND_NAMES, type Check, type CheckSpec, type Defaults, type KindName, type Module, type Runbook } from './types.js';
import { doctorValidator } from './validate-doctor.js';
import { httpValidator } from './validate-http.js';
import type { KindContext, KindValidator, ValidationMode } from './validate-kind.js';
import { probeValidator } from './validate-probe.js';
import { redisValidator } from './validate-redis.js';

const COMMON_KEYS = ['name', 'kind', 'tags', 'timeout', 'retries', 'description'] as const;

const VALIDATORS: Record<KindName, KindValidator<CheckSpec>> = {
  probe: probeValidator,
  http: httpValidator,
  redis: redisValidator,
  doctor: doctorValidator,
  'selfconnect-risk': doctorValidator,
};

/** What the file is read for: `check` needs checks, `serve` reads modules. */
export type Purpose = 'check' | 'serve';

function readDefaults(r: NodeReader, node: AnyNode): Defaults {
  const f = r.fields(node, 'defaults', ['timeout', 'retries', 'concurrency']);
  if (!f) return BUILTIN_DEFAULTS;
  return {
    timeoutMs: f.duration('timeout') ?? BUILTIN_DEFAULTS.timeoutMs,
    retries: f.number('retries', { integer: true, min: 0, max: 10 }) ?? BUILTIN_DEFAULTS.retries,
    concurrency: f.number('concurrency', { integer: true, min: 1, max: 4096 }) ?? BUILTIN_DEFAULTS.concurrency,
  };
}

function readEntry(r: NodeReader, node: AnyNode, what: string, mode: ValidationMode, defaults: Defaults, ctx: KindContext, givenName?: string): { check: Check; module: Pick<Module, 'http' | 'redis'> } | undefined {
  const entries = r.entries(node, what);
  if (!entries) return undefined;
  const f = new FieldReader(r, r.deref(node)!, what, entries);
  let kindName: KindName | undefined;
  if (f.require('kind')) kindName = f.choice('kind', KIND_NAMES);
  const validator = kindName ? VALIDATORS[kindName] : undefined;
  // Unknown keys are only meaningful once the kind is known.
  if (validator) {
    const allowed: string[] = [...COMMON_KEYS, ...validator.keys, ...(mode === 'module' ? (validator.moduleKeys ?? []) : [])];
    f.allow(givenName === undefined ? allowed : allowed.filter((k) => k !== 'name'));
  }
  if (validator && mode === 'module') {
    for (const key of validator.targetKeys) {
      if (f.has(key)) f.errorAtKey(key, `not allowed in a module: the target (/probe?target=...) supplies it`);
    }
  }
  if (validator && mode === 'check') {
    for (const key of validator.moduleKeys ?? []) {
      if (f.has(key)) f.errorAtKey(key, `only a serve module has "${key}"; a check names its target in full`);
    }
  }
  const name = givenName ?? (mode === 'check' ? readName(f) : undefined);
  const common = readCommon(f, defaults);
  if (!validator || !kindName) return undefined;
  const spec = validator.read(f, mode, ctx);
  const moduleExtras = mode === 'module' && validator.readModule ? validator.readModule(f) : {};
  if (!spec || !common || name === undefined) return undefined;
  return { check: { ...spec, ...common, name, line: r.line(node), kindName } as Check, module: moduleExtras };
}

function readName(f: FieldReader): string | undefined {
  const name = f.string('name', { required: true, coerce: true });
  if (name !== undefined && /[\x00-\x1f\x7f]/.test(name)) return f.fail('name', 'control characters are not allowed');
  return name;
}

function readCommon(f: FieldReader, defaults: Defaults): Pick<Check, 'tags' | 'timeoutMs' | 'retries'> | undefined {
  const tags = f.stringList('tags') ?? [];
  const timeoutMs = f.duration('timeout') ?? defaults.timeoutMs;
  const retries = f.number('retries', { integer: true, min: 0, max: 10 }) ?? defaults.retries;
  f.string('description', { nonEmpty: false });
  return { tags, timeoutMs, retries };
}

function readChecks(r: NodeReader, node: AnyNode, defaults: Defaults, ctx: KindContext, purpose: Purpose): Check[] {
  const out: Check[] = [];
  const seen = new Map<string, number>();
  // Names are compared as written, even when the rest of the check is invalid.
  const claim = (name: string, at: AnyNode): void => {
    const first = seen.get(name);
    if (first !== undefined) r.error(at, `check "${name}": duplicate name (first used on line ${first})`);
    else seen.set(name, r.line(at));
  };
  const v = r.deref(node);
  if (isMap(v)) {
    // Map form: the key is the check's name.
    for (const [name, e] of r.entries(v, 'checks') ?? []) {
      const entry = readEntry(r, e.value, `check "${name}"`, 'check', defaults, ctx, name);
      if (entry) out.push(entry.check);
    }
    return out;
  }
  const items = r.items(node, 'checks');
  if (!items) return out;
  if (items.length === 0 && purpose === 'check') r.error(node, 'checks: the list is empty');
  items.forEach((item, i) => {
    const map = r.deref(item);
    const nameNode = isMap(map) ? r.deref(map.get('name', true) as AnyNode) : undefined;
    const name = isScalar(nameNode) && (typeof nameNode.value === 'string' || typeof nameNode.value === 'number') ? String(nameNode.value) : undefined;
    if (name !== undefined) claim(name, nameNode);
    const entry = readEntry(r, item, name !== undefined ? `check "${name}"` : `checks[${i}]`, 'check', defaults, ctx);
    if (entry) out.push(entry.check);
  });
  return out;
}

function readModules(r: NodeReader, node: AnyNode, defaults: Defaults, ctx: KindContext): Module[] {
  const out: Module[] = [];
  for (const [name, e] of r.entries(node, 'modules') ?? []) {
    // Module names travel in URLs (?module=NAME): keep them to URL-safe words.
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) r.error(e.key, `modules: bad module name "${name}": letters, digits, _ . - only`);
    const entry = readEntry(r, e.value, `module "${name}"`, 'module', defaults, ctx, name);
    if (entry) out.push({ name, check: entry.check, ...entry.module });
  }
  return out;
}

/**
 * Validate a parsed runbook. Every problem is collected with its position;
 * if there is any, a RunbookInvalid (exit 2) carries them all.
 */
export function validateRunbook(source: Source, purpose: Purpose, ctx: KindContext): Runbook {
  const r = new NodeReader(source);
  r.diagnostics.push(...source.diagnostics);
  const root = source.doc.contents as AnyNode;
  let runbook: Runbook = { file: source.file, defaults: BUILTIN_DEFAULTS, checks: [], modules: [] };
  if (source.diagnostics.length === 0) {
    if (root == null || (isScalar(root) && root.value == null)) r.error(undefined, purpose === 'check' ? 'empty runbook: expected a map with "checks:"' : 'empty config: expected a map with "modules:"');
    else {
      const entries = r.entries(root, 'runbook');
      const top = entries ? new FieldReader(r, r.deref(root)!, 'runbook', entries) : undefined;
      // Keys starting with x- hold YAML anchors for checks to merge (as in docker-compose files).
      top?.allow(['version', 'defaults', 'checks', 'modules', ...[...(entries?.keys() ?? [])].filter((k) => k.startsWith('x-'))]);
      if (top) {
        const version = top.has('version') ? top.number('version', { integer: true }) : 1;
        if (version !== undefined && version !== 1) top.error('version', `unsupported version ${version} (this nettk reads version 1)`);
        const defaults = top.has('defaults') ? readDefaults(r, top.value('defaults')) : BUILTIN_DEFAULTS;
        if (purpose === 'check' && !top.has('checks')) top.require('checks');
        if (purpose === 'serve' && !top.has('modules')) top.require('modules');
        const checks = top.has('checks') ? readChecks(r, top.value('checks'), defaults, ctx, purpose) : [];
        const modules = top.has('modules') ? readModules(r, top.value('modules'), defaults, ctx) : [];
        runbook = { file: source.file, defaults, checks, modules };
      }
    }
  }
  if (r.diagnostics.length > 0) throw new RunbookInvalid(r.diagnostics);
  return runbook;
}
