import { NettkError } from '@nettk/core';

/** An external tool (ss, lsof) is missing or failed; auto mode falls back on it. */
export class ToolUnavailable extends NettkError {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super('NETTK_ERR_RUNTIME', message);
    this.name = 'ToolUnavailable';
  }
}

const MAX_OUTPUT = 512 * 1024 * 1024;

/**
 * Runs a tool with an argument array (never a shell), C locale, a deadline and
 * an output cap. execa is imported here only, so the proc path never loads it.
 * `okCodes` lists exit codes that are answers, not failures (lsof: 1 = none).
 */
export async function runTool(tool: string, args: readonly string[], okCodes: readonly number[] = [0], timeoutMs = 30_000): Promise<string> {
  const { execa } = await import('execa');
  const result = await execa(tool, args, {
    reject: false,
    timeout: timeoutMs,
    maxBuffer: MAX_OUTPUT,
    stripFinalNewline: false,
    env: { LC_ALL: 'C' },
    stdin: 'ignore',
  });
  const code = result.exitCode;
  if (result.failed && (code === undefined || !okCodes.includes(code))) {
    const cause = result.code === 'ENOENT' ? 'not found on PATH' : result.timedOut ? `timed out after ${timeoutMs} ms` : firstLine(result.stderr) || result.shortMessage;
    throw new ToolUnavailable(tool, `${tool}: ${cause}`);
  }
  return typeof result.stdout === 'string' ? result.stdout : '';
}

function firstLine(text: unknown): string {
  return typeof text === 'string' ? (text.split('\n')[0] ?? '').trim() : '';
}
