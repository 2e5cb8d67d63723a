import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listen } from './helpers/servers.js';
import { runNettk } from './helpers/nettk.js';

const dir = mkdtempSync(join(tmpdir(), 'nettk-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hooks = fileURLToPath(new URL('./helpers/trace-imports.mjs', import.meta.url));
const cjsHook = fileURLToPath(new URL('./helpers/trace-cjs.cjs', import.meta.url));

async function loadedModules(args: string[]): Promise<{ urls: string[]; code: number | null }> {
  const file = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const r = await runNettk(args, { env: { NODE_OPTIONS: `--import=${hooks} --require=${cjsHook}`, NETTK_TRACE_FILE: file } });
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // nothing resolved through the hooks
  }
  return { urls: text.split('\n').filter(Boolean), code: r.code };
}

const HEAVY = /node_modules\/(ink|react|react-reconciler|ora|execa|yaml|prom-client)\//;

describe('start-up path', () => {
  it('nettk --help loads neither ink, react, ora nor execa', async () => {
    const { urls, code } = await loadedModules(['--help']);
    expect(code).toBe(0);
    expect(urls.some((u) => u.endsWith('/bin/nettk.js'))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it('nettk probe loads neither ink, react, ora nor execa when stdout is not a TTY', async () => {
    const l = await listen();
    try {
      const { urls, code } = await loadedModules(['probe', '127.0.0.1', String(l.port)]);
      expect(code).toBe(0);
      expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
    } finally {
      await l.close();
    }
  });

  it('the trace would see a heavy module if one loaded (positive control)', () => {
    const file = join(dir, 'control.txt');
    const code = "import { createRequire } from 'node:module'; createRequire(process.cwd() + '/')('react'); await import('ora');";
    const r = spawnSync(process.execPath, [`--import=${hooks}`, `--require=${cjsHook}`, '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NETTK_TRACE_FILE: file },
      timeout: 15_000,
    });
    expect(r.status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/node_modules\/ora\//);
    expect(text).toMatch(/node_modules\/react\//);
  });
});
