/**
 * One error family for nettk. Handlers throw; only the CLI entry maps an error
 * to an exit code and a one-line message.
 */

/** Exit codes shared by every command (DESIGN.md). */
export const ExitCode = {
  ok: 0,
  /** A negative answer: port closed, error reply, check failed. */
  negative: 1,
  usage: 2,
  /** Network or runtime failure. */
  runtime: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type NettkErrorCode =
  | 'NETTK_ERR_USAGE'
  | 'NETTK_ERR_NETWORK'
  | 'NETTK_ERR_TIMEOUT'
  | 'NETTK_ERR_DNS'
  | 'NETTK_ERR_PROTOCOL'
  | 'NETTK_ERR_LIMIT'
  | 'NETTK_ERR_ABORTED'
  | 'NETTK_ERR_RUNTIME'
  | 'NETTK_ERR_NEGATIVE';

export interface NettkErrorOptions {
  cause?: unknown;
  /** Overrides the exit code implied by the error code. */
  exitCode?: ExitCode;
}

export class NettkError extends Error {
  readonly code: NettkErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: NettkErrorCode, message: string, options: NettkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NettkError';
    this.code = code;
    this.exitCode = options.exitCode ?? exitCodeForCode(code);
  }
}

/** Bad flags, hosts, ports, URLs or files given by the user: exit 2. */
export class UsageError extends NettkError {
  constructor(message: string, options: NettkErrorOptions = {}) {
    super('NETTK_ERR_USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** A peer that spoke something we cannot accept (bad RESP, bad HTTP framing): exit 3. */
export class ProtocolError extends NettkError {
  constructor(message: string, options: NettkErrorOptions = {}) {
    super('NETTK_ERR_PROTOCOL', message, options);
    this.name = 'ProtocolError';
  }
}

/** A wait that ran past its deadline: exit 3. */
export class TimeoutError extends NettkError {
  constructor(message: string, options: NettkErrorOptions = {}) {
    super('NETTK_ERR_TIMEOUT', message, options);
    this.name = 'TimeoutError';
  }
}

/** A peer-fed buffer or count went past its cap: exit 3. */
export class LimitError extends NettkError {
  constructor(message: string, options: NettkErrorOptions = {}) {
    super('NETTK_ERR_LIMIT', message, options);
    this.name = 'LimitError';
  }
}

/**
 * A negative answer that a command wants to report through the exit code
 * (port closed, server error reply, failed check) after printing its output.
 */
export class NegativeAnswer extends NettkError {
  constructor(message = '', options: NettkErrorOptions = {}) {
    super('NETTK_ERR_NEGATIVE', message, options);
    this.name = 'NegativeAnswer';
  }
}

function exitCodeForCode(code: NettkErrorCode): ExitCode {
  switch (code) {
    case 'NETTK_ERR_USAGE':
      return ExitCode.usage;
    case 'NETTK_ERR_NEGATIVE':
      return ExitCode.negative;
    default:
      return ExitCode.runtime;
  }
}

/** The exit code for anything thrown: nettk errors carry theirs, the rest are runtime failures. */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof NettkError ? error.exitCode : ExitCode.runtime;
}

/** The errno-style code of a Node system error (`ECONNREFUSED`), if it has one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** One line, no stack: what the CLI prints for an error. */
export function oneLineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.length > 0 ? first : error instanceof Error ? error.name : 'unknown error';
}
