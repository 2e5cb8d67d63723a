import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { debianTool } from './fixtures/check/debian-tools.js';
import { runbookDir } from './fixtures/check/runbook-dir.js';
import { startServe, type ServeProcess } from './fixtures/check/serve-process.js';
import { startHttpServer, type TestHttpServer } from './helpers/http-servers.js';
import { freePort, listen } from './helpers/servers.js';

const prometheusBin = debianTool('prometheus', 'prometheus');
const promtoolBin = debianTool('promtool', 'prometheus');

interface ScrapeConfig {
  job_name: string;
  static_configs: Array<{ targets: string[] }>;
  relabel_configs?: Array<{ replacement?: string }>;
}

/** The scrape config block of packages/check/README.md: the test runs what users copy. */
function readmeConfig(): { scrape_configs: ScrapeConfig[] } {
  const readme = readFileSync(new URL('../packages/check/README.md', import.meta.url), 'utf8');
  const block = /<!-- prometheus-config[^>]*-->\s*```yaml\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('packages/check/README.md has no prometheus-config block');
  return parse(block[1]!) as { scrape_configs: ScrapeConfig[] };
}

async function until<T>(what: string | (() => string), deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${typeof what === 'string' ? what : what()} within ${deadlineMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}

// Skipped only when the Debian package prometheus cannot be installed (debianTool says so loudly).
describe.skipIf(!prometheusBin || !promtoolBin)('nettk serve scraped by a real Prometheus', () => {
  const dir = runbookDir();
  let serve: ServeProcess;
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let open: Awaited<ReturnType<typeof listen>>;
  let web: TestHttpServer;
  let closedPort = 0;
  let promLog = '';

  beforeAll(async () => {
    open = await listen();
    closedPort = await freePort();
    web = await startHttpServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 404;
      res.end('ok');
    });
    serve = await startServe([]);
    const exporter = new URL(serve.url).host;

    const config = readmeConfig();
    for (const job of config.scrape_configs) {
      for (const r of job.relabel_configs ?? []) if (r.replacement === '127.0.0.1:9115') r.replacement = exporter;
      if (job.job_name === 'nettk_tcp') job.static_configs = [{ targets: [`127.0.0.1:${open.port}`, `127.0.0.1:${closedPort}`] }];
      if (job.job_name === 'nettk_http') job.static_configs = [{ targets: [`${web.url}/health`] }];
      if (job.job_name === 'nettk_exporter') job.static_configs = [{ targets: [exporter] }];
    }
    const file = dir.write('prometheus.yml', stringify({ global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' }, ...config }));
    const checked = spawnSync(promtoolBin!, ['check', 'config', file], { encoding: 'utf8', timeout: 10_000 });
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);

    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(prometheusBin!, [`--config.file=${file}`, `--storage.tsdb.path=${dir.path('data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    prometheus.stderr!.on('data', (d: Buffer) => (promLog = (promLog + d.toString()).slice(-4000)));
    await until('Prometheus ready', 30_000, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
  }, 60_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once('close', r));
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await serve?.stop();
    await open?.close();
    await web?.close();
    dir.remove();
  }, 30_000);

  /** probe_success by instance, as Prometheus has it now. */
  async function probeSuccess(): Promise<Record<string, number>> {
    const res = (await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('probe_success')}`)).json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    const by: Record<string, number> = {};
    for (const r of res.data.result) by[r.metric.instance!] = Number(r.value[1]);
    return by;
  }

  it('records probe_success matching the targets\' real state, through relabeling', async () => {
    const instances = [`127.0.0.1:${open.port}`, `127.0.0.1:${closedPort}`, `${web.url}/health`];
    const expected = { [instances[0]!]: 1, [instances[1]!]: 0, [instances[2]!]: 1 };
    // Polled (bounded) rather than read once: on a loaded machine the very first scrape may still be in flight.
    let seen: Record<string, number> = {};
    await until(() => `probe_success ${JSON.stringify(expected)} (last seen ${JSON.stringify(seen)}; prometheus log: ${promLog})`, 20_000, async () => {
      seen = await probeSuccess();
      return instances.every((i) => seen[i] === expected[i]) ? true : undefined;
    });
    expect(instances.map((i) => seen[i])).toEqual([1, 0, 1]);

    const query = async (q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> =>
      ((await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
    const reasons = await query('probe_failure_info');
    expect(reasons.map((r) => [r.metric.instance, r.metric.reason, r.value[1]])).toEqual([[instances[1], 'conn-refused', '1']]);
    const status = await query('probe_http_status_code');
    expect(status.map((r) => [r.metric.instance, r.metric.job, r.value[1]])).toEqual([[instances[2], 'nettk_http', '200']]);
    // The exporter's own job scrapes on its own schedule: wait (bounded) until every job has reported.
    let up: Array<{ metric: Record<string, string>; value: [number, string] }> = [];
    await until(() => `up for 4 jobs (last seen ${JSON.stringify(up.map((r) => r.metric.job))})`, 20_000, async () => {
      up = await query('up');
      return up.length === 4 ? true : undefined;
    });
    expect(up.every((r) => r.value[1] === '1')).toBe(true);
    expect(up.map((r) => r.metric.job).sort()).toEqual(['nettk_exporter', 'nettk_http', 'nettk_tcp', 'nettk_tcp']);
  }, 60_000);

  it('follows reality: a listener that goes away turns its probe_success to 0', async () => {
    await open.close();
    const instance = `127.0.0.1:${open.port}`;
    await until(`probe_success{instance="${instance}"} == 0`, 15_000, async () => {
      const by = await probeSuccess();
      return by[instance] === 0 ? true : undefined;
    });
    // The exporter's own /metrics, scraped too, counts every probe it answered: more than one round of three by now.
    const answered = await until('nettk_serve_requests_total to count a second round of probes', 10_000, async () => {
      const r = (await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('sum(nettk_serve_requests_total{handler="probe",code="200"})')}`)).json()) as {
        data: { result: Array<{ value: [number, string] }> };
      };
      const n = Number(r.data.result[0]?.value[1]);
      return n > 3 ? n : undefined;
    });
    expect(answered).toBeGreaterThan(3);
  });
});
