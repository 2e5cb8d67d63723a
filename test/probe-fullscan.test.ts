import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loopbackListeners } from './helpers/listeners.js';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';
import { listenersClosedAfterEach } from './helpers/servers.js';

// Scans that connect to every port of 127.0.0.1. They run in a second vitest
// pass, alone (npm test, NETTK_SERIAL=1): in parallel they would knock on other
// test files' servers (chat, sockets inventories) and be disturbed by them.

const { open: openPort } = listenersClosedAfterEach();

interface JsonReport {
  results: Array<{ port: number; state: string }>;
  summary: { open: number; closed: number; filtered: number; unreachable: number; error: number };
}

describe('wide scans', () => {
  it('stays correct when the fd limit is far below the concurrency (EMFILE lowers it and retries)', async () => {
    const port = await openPort();
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn('bash', ['-c', `ulimit -n 64 && exec "${process.execPath}" "${NETTK_BIN}" probe 127.0.0.1 ${port - 1000}-${port} -c 2000 --json`], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(t);
        resolve({ code, stdout: out });
      });
    });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.summary.error).toBe(0);
    expect(report.results).toHaveLength(1001);
    expect(report.results.find((x) => x.port === port)!.state).toBe('open');
  }, 90_000);
});

describe('full loopback scans', () => {
  it('report exactly the listening ports, never a phantom, 10 scans in a row', async () => {
    const mine = [await openPort('127.0.0.1'), await openPort('0.0.0.0'), await openPort('::')];
    for (let run = 0; run < 10; run++) {
      // Other test files open listeners meanwhile: sample the listening set during the scan.
      const seen = loopbackListeners();
      const sampler = setInterval(() => {
        for (const p of loopbackListeners()) seen.add(p);
      }, 50);
      const r = await runNettk(['probe', '127.0.0.1', '1-65535', '--json'], { timeoutMs: 60_000 });
      clearInterval(sampler);
      for (const p of loopbackListeners()) seen.add(p);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(report.results).toHaveLength(65535);
      const open = report.results.filter((x) => x.state === 'open').map((x) => x.port);
      const phantoms = open.filter((p) => !seen.has(p));
      expect(phantoms, `run ${run}: open ports nobody listened on`).toEqual([]);
      for (const p of mine) expect(open).toContain(p);
      expect(report.summary.error).toBe(0);
      expect(report.summary.filtered).toBe(0);
    }
  }, 240_000);
});
