import { readFileSync } from 'node:fs';

export type OutputMode = 'human' | 'json' | 'ndjson';

export interface StreamLike {
  isTTY?: boolean;
  write(chunk: string | Uint8Array): boolean;
}

/**
 * Colour decision as most CLIs make it: `NO_COLOR` (any value) and
 * `--no-color` turn it off, `FORCE_COLOR` (not "0") turns it on, otherwise
 * only a TTY gets colour.
 */
export function colorEnabled(stream: StreamLike, env: NodeJS.ProcessEnv = process.env, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (flag === true) return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export interface Painter {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const id = (s: string): string => s;

/** Minimal ANSI styling; identity functions when colour is off. */
export function painter(enabled: boolean): Painter {
  if (!enabled) return { enabled, bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Stringify for `--json`/`--ndjson`: Buffers become base64-free UTF-8 strings, bigint becomes string. */
export function toJson(value: unknown, pretty = false): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
        return Buffer.from((v as { data: number[] }).data).toString('utf8');
      }
      return v;
    },
    pretty ? 2 : undefined,
  );
}

/** The soft limit on open files (`ulimit -n`), from /proc/self/limits; undefined when unknown. */
export function openFileLimit(): number | undefined {
  try {
    const text = readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
    if (!m) return undefined;
    return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** Milliseconds with at most 3 decimals, for human and JSON output. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
