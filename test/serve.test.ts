import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { blackhole } from './helpers/blackhole.js';
import { runNettk } from './helpers/nettk.js';
import { freePort, listen } from './helpers/servers.js';
import { runbookDir } from './fixtures/check/runbook-dir.js';
import { value } from './fixtures/check/prom-text.js';
import { startServe } from './fixtures/check/serve-process.js';

const dir = runbookDir();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
afterAll(() => dir.remove());

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

describe('nettk serve', () => {
  it('serves probes of open, closed and silent targets and exits 0 on SIGTERM', async () => {
    const serve = await startServe([]);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const l = await listen();
    cleanups.push(l.close);
    const hole = await blackhole();
    cleanups.push(hole.close);
    const closed = await freePort();
    const open = await get(`${serve.url}/probe?target=127.0.0.1:${l.port}&module=tcp`);
    expect([open.status, value(open.text, 'probe_success')]).toEqual([200, 1]);
    const shut = await get(`${serve.url}/probe?target=127.0.0.1:${closed}&module=tcp`);
    expect(value(shut.text, 'probe_failure_info', { reason: 'conn-refused' })).toBe(1);
    const t0 = performance.now();
    const silent = await get(`${serve.url}/probe?target=127.0.0.1:${hole.port}&module=tcp`, { 'X-Prometheus-Scrape-Timeout-Seconds': '1' });
    // A 0.5 s budget instead of the module's 5 s; the bounds leave room for a loaded machine.
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(value(silent.text, 'probe_duration_seconds')).toBeLessThan(2.5);
    expect(value(silent.text, 'probe_failure_info', { reason: 'no-response' })).toBe(1);
    const bad = await get(`${serve.url}/probe?target=127.0.0.1&module=tcp`);
    expect(bad).toEqual({ status: 400, text: 'target "127.0.0.1" needs a port (HOST:PORT)\n' });
    expect(await serve.stop()).toBe(0);
  });

  it('stops promptly on SIGINT even with a probe in flight', async () => {
    const serve = await startServe([]);
    const hole = await blackhole();
    cleanups.push(hole.close);
    const pending = fetch(`${serve.url}/probe?target=127.0.0.1:${hole.port}&module=tcp`).then(
      (r) => r.status,
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    expect(await serve.stop('SIGINT')).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(await pending).toBe('closed');
  });

  it('reads modules from --config in the runbook schema, and reloads them on SIGHUP', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const config = dir.write('modules.yaml', 'modules:\n  port_up: {kind: probe, timeout: 1s}\n');
    const serve = await startServe(['--config', config, '--json']);
    cleanups.push(() => serve.stop());
    expect(value((await get(`${serve.url}/probe?target=127.0.0.1:${l.port}&module=port_up`)).text, 'probe_success')).toBe(1);
    expect((await get(`${serve.url}/probe?target=127.0.0.1:${l.port}&module=tcp`)).status).toBe(400);
    writeFileSync(config, 'modules:\n  port_down: {kind: probe, expect: closed}\n');
    serve.child.kill('SIGHUP');
    const deadline = Date.now() + 3000;
    while (!serve.stderr().includes('reloaded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(serve.stderr()).toContain('nettk serve: reloaded');
    expect(value((await get(`${serve.url}/probe?target=127.0.0.1:${l.port}&module=port_down`)).text, 'probe_failure_info', { reason: 'port-open' })).toBe(1);
    // An invalid file on reload keeps the modules that work.
    writeFileSync(config, 'modules:\n  broken: {kind: probe, host: x}\n');
    serve.child.kill('SIGHUP');
    const deadline2 = Date.now() + 3000;
    while (!serve.stderr().includes('keeping the previous modules') && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
    expect(serve.stderr()).toMatch(/modules\.yaml:2:25: module "broken": host: not allowed in a module/);
    expect((await get(`${serve.url}/probe?target=127.0.0.1:${l.port}&module=port_down`)).status).toBe(200);
  });

  it('refuses an invalid config with every error (exit 2), a bad --listen (exit 2) and a busy port (exit 3)', async () => {
    const config = dir.write('bad-modules.yaml', 'modules:\n  tcp: {kind: probe, ports: 22}\n  web: {kind: htp}\n');
    const r = await runNettk(['serve', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}:2:22: module "tcp": ports: not allowed in a module`);
    expect(r.stderr).toContain(`${config}:3:15: module "web": kind: "htp" is not one of`);
    const listenBad = await runNettk(['serve', '--listen', ':9115']);
    expect([listenBad.code, listenBad.stderr]).toEqual([2, 'nettk: bad --listen ":9115": give the address too (127.0.0.1:9115 for loopback, 0.0.0.0:9115 for every interface) (see nettk --help)\n']);
    const busy = await listen();
    cleanups.push(busy.close);
    const inUse = await runNettk(['serve', '--listen', `127.0.0.1:${busy.port}`]);
    expect([inUse.code, inUse.stderr]).toEqual([3, `nettk: cannot listen on 127.0.0.1:${busy.port}: address already in use\n`]);
  });

  it('keeps serving after a flood of malformed requests', async () => {
    const serve = await startServe([]);
    cleanups.push(() => serve.stop());
    const { connect } = await import('node:net');
    const junk = ['GET / HTTP/9.9\r\n\r\n', '\x00\x01\x02\r\n\r\n', `GET /probe?target=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 'GET /probe HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'];
    const port = Number(new URL(serve.url).port);
    await Promise.all(
      junk.map(
        (bytes) =>
          new Promise<void>((resolve) => {
            const s = connect({ host: '127.0.0.1', port });
            s.on('error', () => resolve());
            s.on('close', () => resolve());
            s.on('data', () => {});
            s.end(bytes);
          }),
      ),
    );
    expect((await get(`${serve.url}/probe?target=${encodeURIComponent('[::1')}&module=tcp`)).status).toBe(400);
    expect((await get(`${serve.url}/-/healthy`)).text).toBe('OK\n');
    expect(serve.child.exitCode).toBe(null);
  });
});
