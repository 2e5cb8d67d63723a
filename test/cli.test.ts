import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';

const cliPackage = JSON.parse(readFileSync(new URL('../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string };

describe('the nettk shell', () => {
  it('prints its version, equal to the CLI package version', async () => {
    const r = await runNettk(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(cliPackage.version);
  });

  it('lists commands and the exit codes in --help', async () => {
    const r = await runNettk(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nettk probe <host> [ports..]');
    expect(r.stdout).toContain('Exit codes: 0 success, 1 negative answer');
    expect(r.stderr).toBe('');
  });

  it('shows examples in a command\'s help', async () => {
    const r = await runNettk(['probe', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--expect closed');
  });

  it('prints a bash/zsh completion script', async () => {
    const r = await runNettk(['completion']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('###-begin-nettk-completions-###');
  });

  it('asks for a command when given none (usage error, exit 2)', async () => {
    const r = await runNettk([]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Name a command');
  });

  it('rejects --json with --ndjson', async () => {
    const r = await runNettk(['probe', '127.0.0.1', '1', '--json', '--ndjson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mutually exclusive/);
  });

  it('names a number option given something else (usage error, exit 2), whichever spelling was used', async () => {
    for (const args of [['probe', '127.0.0.1', '1', '--timeout', 'abc'], ['probe', '127.0.0.1', '1', '-w', 'abc'], ['http', '--connect-timeout=x', 'http://127.0.0.1:1/']]) {
      const r = await runNettk(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^nettk: bad --(timeout|connect-timeout): not a number/);
    }
  });

  it('stops quietly when its reader goes away (EPIPE)', () => {
    const script = `"${process.execPath}" "${NETTK_BIN}" probe 127.0.0.1 1-3000 --ndjson -w 0.5 | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.trim()).toMatch(/^status=[01]$/);
    expect(r.stderr).not.toMatch(/EPIPE|at .*:\d+:\d+/);
  });
});
