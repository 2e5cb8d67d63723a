import type { FieldReader } from './field-reader.js';
import type { Module } from './types.js';

/** `check`: a runbook entry with its own target; `module`: a serve module whose target comes with each request. */
export type ValidationMode = 'check' | 'module';

export interface KindContext {
  /** Directory of the runbook, for relative file paths (form uploads). */
  baseDir: string;
}

/** How one check kind reads its fields. Unknown keys are reported by the caller against `keys`. */
export interface KindValidator<S> {
  /** Keys this kind adds to the common ones (name, kind, tags, timeout, retries, description). */
  keys: readonly string[];
  /** Keys that name the target: required in a check, refused in a module. */
  targetKeys: readonly string[];
  /** Keys only a module may have (what a bare host:port target becomes). */
  moduleKeys?: readonly string[];
  /** Reads the module-only keys. */
  readModule?(f: FieldReader): Pick<Module, 'http' | 'redis'>;
  read(f: FieldReader, mode: ValidationMode, ctx: KindContext): S | undefined;
}
