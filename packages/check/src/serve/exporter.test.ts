import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blackhole } from '../../../../test/helpers/blackhole.js';
import { startHttpServer } from '../../../../test/helpers/http-servers.js';
import { redisServerPath, startRedis, type RedisServer } from '../../../../test/helpers/redis-server.js';
import { freePort, listen } from '../../../../test/helpers/servers.js';
import { debianTool } from '../../../../test/fixtures/check/debian-tools.js';
import { promtoolCheck, value } from '../../../../test/fixtures/check/prom-text.js';
import { parseRunbook } from '../load.js';
import { builtinModules } from './builtin-modules.js';
import { startExporter, type Exporter } from './exporter.js';

const promtool = debianTool('promtool', 'prometheus');
const openssl = debianTool('openssl', 'openssl');
const haveRedis = redisServerPath() !== undefined;
let exporter: Exporter;
let redis: RedisServer | undefined;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  const custom = parseRunbook('modules:\n  tcp_fast: {kind: probe, timeout: 300ms}\n  health: {kind: http, path: /health, expect: {body: ok}}\n  https_any: {kind: http, scheme: https, insecure: true}', 'm.yaml', { purpose: 'serve' }).modules;
  exporter = await startExporter({ host: '127.0.0.1', port: 0, modules: [...builtinModules(), ...custom], concurrency: 8, processMetrics: false });
  if (haveRedis) redis = await startRedis();
});
afterAll(async () => {
  await exporter?.close();
  await redis?.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function probe(target: string, module: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${exporter.url}/probe?target=${encodeURIComponent(target)}&module=${module}`, { headers });
  const text = await res.text();
  if (res.status === 200 && promtool) {
    // A real Prometheus parser reads it: no parse error, no lint problem.
    expect(promtoolCheck(promtool, text)).toEqual({ status: 0, output: '' });
  }
  return { status: res.status, text, ms: performance.now() - t0 };
}

describe('the exporter /probe endpoint', () => {
  it('reports an open port as probe_success 1 with connect and DNS times', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const r = await probe(`127.0.0.1:${l.port}`, 'tcp');
    expect(r.status).toBe(200);
    expect(value(r.text, 'probe_success')).toBe(1);
    expect(value(r.text, 'probe_connect_time_seconds')).toBeGreaterThan(0);
    expect(value(r.text, 'probe_dns_lookup_time_seconds')).toBe(0);
    expect(value(r.text, 'probe_duration_seconds')).toBeGreaterThan(0);
    expect(value(r.text, 'probe_ip_protocol')).toBe(4);
    expect(r.text).not.toContain('probe_failure_info');
  });

  it('reports a closed port with probe_failure_info{reason="conn-refused"}, and tcp_closed as a success', async () => {
    const port = await freePort();
    const r = await probe(`127.0.0.1:${port}`, 'tcp');
    expect(value(r.text, 'probe_success')).toBe(0);
    expect(value(r.text, 'probe_failure_info', { reason: 'conn-refused' })).toBe(1);
    expect(value((await probe(`127.0.0.1:${port}`, 'tcp_closed')).text, 'probe_success')).toBe(1);
  });

  it('stops a probe of a port that drops SYNs within the scrape timeout header', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const r = await probe(`127.0.0.1:${hole.port}`, 'tcp', { 'X-Prometheus-Scrape-Timeout-Seconds': '1.2' });
    expect(r.status).toBe(200);
    expect(value(r.text, 'probe_success')).toBe(0);
    expect(value(r.text, 'probe_failure_info', { reason: 'no-response' })).toBe(1);
    // 1.2 s scrape, 0.5 s offset: the probe gets 0.7 s instead of the module's 5 s. The upper bounds leave
    // room for timers firing late on a loaded 2-core machine, and still fail if the header were ignored.
    expect(value(r.text, 'probe_duration_seconds')).toBeGreaterThan(0.6);
    expect(value(r.text, 'probe_duration_seconds')).toBeLessThan(2.5);
    expect(r.ms).toBeGreaterThan(600);
    expect(r.ms).toBeLessThan(3000);
    // tcp_fast's own 300 ms timeout applies without a header (the built-in tcp module would wait 5 s).
    const fast = await probe(`127.0.0.1:${hole.port}`, 'tcp_fast');
    expect(value(fast.text, 'probe_duration_seconds')).toBeLessThan(2.5);
  });

  it('runs http modules: status code, TTFB and the module path', async () => {
    const s = await startHttpServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 404;
      res.end(req.url === '/health' ? 'ok' : 'nope');
    });
    cleanups.push(s.close);
    const ok = await probe(`127.0.0.1:${s.port}`, 'health');
    expect(value(ok.text, 'probe_success')).toBe(1);
    expect(value(ok.text, 'probe_http_status_code')).toBe(200);
    expect(value(ok.text, 'probe_http_ttfb_seconds')).toBeGreaterThan(0);
    const missing = await probe(`${s.url}/missing`, 'http_2xx');
    expect(value(missing.text, 'probe_success')).toBe(0);
    expect(value(missing.text, 'probe_http_status_code')).toBe(404);
    expect(value(missing.text, 'probe_failure_info', { reason: 'status-mismatch' })).toBe(1);
  });

  // Skipped only when openssl cannot be installed to make a self-signed certificate (debianTool says so).
  it.skipIf(!openssl)('runs https modules: a self-signed certificate fails with tls-error unless the module is insecure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettk-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const made = spawnSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore', timeout: 30_000 });
    expect(made.status).toBe(0);
    const server = createHttpsServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const strict = await probe(target, 'https_2xx');
    expect(value(strict.text, 'probe_success')).toBe(0);
    expect(value(strict.text, 'probe_failure_info', { reason: 'tls-error' })).toBe(1);
    const lax = await probe(target, 'https_any');
    expect(value(lax.text, 'probe_success')).toBe(1);
    expect(value(lax.text, 'probe_http_ssl')).toBe(1);
    expect(value(lax.text, 'probe_tls_handshake_seconds')).toBeGreaterThan(0);
  });

  it.skipIf(!haveRedis)('runs redis_ping against a real redis-server', async () => {
    const r = await probe(`127.0.0.1:${redis!.port}`, 'redis_ping');
    expect(value(r.text, 'probe_success')).toBe(1);
    expect(value(r.text, 'probe_redis_reply_time_seconds')).toBeGreaterThan(0);
    expect(value(r.text, 'probe_redis_reply_error')).toBe(0);
  });

  it('runs selfconnect_risk for a port inside the ephemeral range', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const r = await probe(`127.0.0.1:${l.port}`, 'selfconnect_risk', { 'X-Prometheus-Scrape-Timeout-Seconds': '5' });
    expect(value(r.text, 'probe_success')).toBe(0);
    expect(value(r.text, 'probe_failure_info', { reason: 'listen-in-ephemeral-range' })).toBe(1);
  });

  it('answers 400 with one line for a bad target, module or timeout header', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/probe?target=127.0.0.1:1&module=nope', {}, 'unknown module "nope" (modules: tcp, tcp_closed, http_2xx, https_2xx, redis_ping, selfconnect_risk, tcp_fast, health, https_any)\n'],
      ['/probe?module=tcp', {}, 'missing target parameter\n'],
      ['/probe?target=127.0.0.1:1', {}, 'missing module parameter (modules: tcp, tcp_closed, http_2xx, https_2xx, redis_ping, selfconnect_risk, tcp_fast, health, https_any)\n'],
      ['/probe?target=300.1.1.1:1&module=tcp', {}, 'bad host "300.1.1.1": not a valid IPv4 address\n'],
      ['/probe?target=127.0.0.1:1&module=tcp', { 'X-Prometheus-Scrape-Timeout-Seconds': 'soon' }, 'bad X-Prometheus-Scrape-Timeout-Seconds "soon": seconds > 0\n'],
    ];
    for (const [path, headers, text] of cases) {
      const res = await fetch(`${exporter.url}${path}`, { headers });
      expect([res.status, await res.text()]).toEqual([400, text]);
    }
    expect((await fetch(`${exporter.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${exporter.url}/probe`, { method: 'POST' })).status).toBe(405);
  });

  it('survives malformed HTTP and answers the next request', async () => {
    const reply = await new Promise<string>((resolve) => {
      const s = connect({ host: exporter.host, port: exporter.port });
      let got = '';
      s.on('data', (d: Buffer) => (got += d.toString('latin1')));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
      s.end('\x16\x03\x01\x00\xa5garbage that is not HTTP\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect((await fetch(`${exporter.url}/-/healthy`)).status).toBe(200);
  });

  it('counts requests, probe durations and rejections on /metrics', async () => {
    const res = await fetch(`${exporter.url}/metrics`);
    const text = await res.text();
    if (promtool) expect(promtoolCheck(promtool, text)).toEqual({ status: 0, output: '' });
    expect(value(text, 'nettk_serve_requests_total', { handler: 'probe', code: '200' })).toBeGreaterThanOrEqual(5);
    expect(value(text, 'nettk_serve_requests_total', { handler: 'probe', code: '400' })).toBe(5);
    expect(value(text, 'nettk_serve_probes_rejected_total', { reason: 'unknown-module' })).toBe(2);
    expect(value(text, 'nettk_serve_probe_duration_seconds_count', { module: 'tcp', result: 'success' })).toBeGreaterThanOrEqual(1);
    expect(value(text, 'nettk_serve_probes_in_flight')).toBe(0);
  });
});

describe('the exporter under load', () => {
  it('bounds probes in flight and refuses past the queue with 503', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const small = await startExporter({ host: '127.0.0.1', port: 0, modules: builtinModules(), concurrency: 1, maxQueue: 1, processMetrics: false });
    cleanups.push(() => small.close());
    const get = (ms: string) => fetch(`${small.url}/probe?target=127.0.0.1:${hole.port}&module=tcp`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': ms } });
    // The first holds the only slot for its 1 s budget; the second waits 0.5 s and gives up; the third finds the queue full.
    const first = get('1.5');
    await new Promise((r) => setTimeout(r, 50));
    const second = get('1');
    await new Promise((r) => setTimeout(r, 50));
    const results = await Promise.all([first, second, get('1')]);
    expect(results.map((r) => r.status)).toEqual([200, 503, 503]);
    const texts = await Promise.all(results.map((r) => r.text()));
    expect(texts.filter((t) => t.startsWith('too many probes waiting'))).toHaveLength(1);
    expect(texts.filter((t) => t === 'no probe slot free within the scrape timeout\n')).toHaveLength(1);
  });
});
