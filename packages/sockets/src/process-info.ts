import { readFileSync } from 'node:fs';

const MAX_CMDLINE = 4096;

/**
 * The command line of a process from /proc/PID/cmdline (NUL-separated
 * arguments), joined with spaces and cut at 4 KiB; null when the process is
 * gone or unreadable. Kernel threads have an empty cmdline: null too.
 */
export function commandLine(pid: number, procRoot = '/proc'): string | null {
  let raw: Buffer;
  try {
    raw = readFileSync(`${procRoot}/${pid}/cmdline`);
  } catch {
    return null;
  }
  if (raw.length === 0) return null;
  let text = raw.subarray(0, MAX_CMDLINE).toString('utf8');
  if (text.endsWith('\0')) text = text.slice(0, -1);
  return text.split('\0').join(' ') + (raw.length > MAX_CMDLINE ? ' …' : '');
}
