import { spawn, spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runbookDir } from './fixtures/check/runbook-dir.js';
import { startHttpServer } from './helpers/http-servers.js';
import { NETTK_BIN, runNettk } from './helpers/nettk.js';
import { redisServerPath, startRedis, type RedisServer } from './helpers/redis-server.js';
import { freePort, listen } from './helpers/servers.js';

const dir = runbookDir();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
afterAll(() => dir.remove());

describe('nettk check: validation', () => {
  it('reports every error of a YAML runbook as FILE:LINE:COLUMN and runs nothing (exit 2)', async () => {
    const r = await runNettk(['check', 'test/fixtures/check/invalid.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'test/fixtures/check/invalid.yaml:3:12: defaults: timeout: bad duration "soon": use seconds (2, 0.5) or a unit (500ms, 2s, 1m)',
      'test/fixtures/check/invalid.yaml:4:16: defaults: concurrency: must be >= 1, got 0',
      'test/fixtures/check/invalid.yaml:9:12: check "ssh": ports: bad port range "22-20": start is after end',
      'test/fixtures/check/invalid.yaml:12:10: check "api": url: bad URL "htp://127.0.0.1:8080/health": scheme must be http or https',
      'test/fixtures/check/invalid.yaml:15:7: check "api": unknown key "expect.bdy" (did you mean "body"?)',
      'test/fixtures/check/invalid.yaml:19:14: check "cache": command: unbalanced quotes (as redis-cli reads a line)',
      'test/fixtures/check/invalid.yaml:20:11: check "ssh": duplicate name (first used on line 6)',
      'test/fixtures/check/invalid.yaml:25:11: check "kernel": kind: "docter" is not one of probe, http, redis, doctor, selfconnect-risk (did you mean "doctor"?)',
      'nettk: test/fixtures/check/invalid.yaml: 8 errors, nothing was run',
    ]);
  });

  it('reads JSON through the same validator, positions included', async () => {
    const r = await runNettk(['check', 'test/fixtures/check/invalid.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/check/invalid.json:2:28: defaults: retries: expected a number, got the string "two"\n');
    expect(r.stderr).toContain('test/fixtures/check/invalid.json:4:87: check "web": expect: "up" is not one of open, closed\n');
    expect(r.stderr).toContain('test/fixtures/check/invalid.json:5:82: check "api": timeout: bad duration "2 weeks"');
  });

  it('prints the errors as one JSON document with --json', async () => {
    const r = await runNettk(['check', 'test/fixtures/check/invalid.json', '--json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { valid: boolean; errors: Array<{ line: number; column: number; message: string }> };
    expect(doc.valid).toBe(false);
    expect(doc.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:28', '4:87', '5:82']);
  });

  it('says in one line when the file is missing, and validates only with --validate', async () => {
    const missing = await runNettk(['check', 'no/such/runbook.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, 'nettk: cannot read runbook "no/such/runbook.yaml": no such file (see nettk --help)\n']);
    const file = dir.write('ok.yaml', 'checks:\n  - {name: a, kind: probe, host: 127.0.0.1, ports: 1}\n');
    const v = await runNettk(['check', file, '--validate']);
    expect([v.code, v.stdout]).toEqual([0, `${file}: valid (1 checks, 0 modules)\n`]);
  });
});

describe('nettk check: running', () => {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    if (redisServerPath()) redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('exits 0 when every check passes, one line per check in file order, no spinner off a TTY', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const closed = await freePort();
    const file = dir.write('pass.yaml', `checks:\n  - {name: up, kind: probe, host: 127.0.0.1, ports: ${l.port}}\n  - {name: shut, kind: probe, host: 127.0.0.1, ports: ${closed}, expect: closed}\n`);
    const r = await runNettk(['check', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^PASS  up +\\d+\\.\\d+ m?s  127\\.0\\.0\\.1:${l.port} open$`));
    expect(lines[1]).toMatch(new RegExp(`^PASS  shut +\\d+\\.\\d+ m?s  127\\.0\\.0\\.1:${closed} not open \\(conn-refused\\)$`));
    expect(lines[2]).toMatch(/^2 checks: 2 passed, 0 failed in /);
  });

  it('exits 1 when a check of any kind fails, naming the reason in the toolkit\'s words', async () => {
    const s = await startHttpServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : 503;
      res.end('body');
    });
    cleanups.push(s.close);
    const closed = await freePort();
    const redisChecks = redis
      ? `  - {name: cache, kind: redis, url: "redis://127.0.0.1:${redis.port}", command: PING, expect: PONG}\n  - {name: cache-key, kind: redis, url: "redis://127.0.0.1:${redis.port}", command: GET absent, expect: "x"}\n`
      : '';
    const file = dir.write(
      'mixed.yaml',
      `defaults: {timeout: 8s}\nchecks:\n  - {name: web, kind: http, url: "${s.url}/ok"}\n  - {name: web-down, kind: http, url: "${s.url}/down"}\n  - {name: port, kind: probe, host: 127.0.0.1, ports: ${closed}}\n${redisChecks}`,
    );
    const r = await runNettk(['check', file]);
    expect(r.code, r.stderr).toBe(1);
    const out = r.stdout;
    expect(out, out).toMatch(/^PASS  web +\S+ m?s  200 OK, 4 bytes/m);
    expect(out).toMatch(/^FAIL  web-down +\S+ m?s  status-mismatch: status 503 Service Unavailable \(expected 2xx\)$/m);
    expect(out).toMatch(new RegExp(`^FAIL  port +\\S+ m?s  conn-refused: 127\\.0\\.0\\.1:${closed} Connection refused$`, 'm'));
    if (redis) {
      expect(out).toMatch(/^PASS  cache +\S+ m?s  PONG in /m);
      expect(out).toMatch(/^FAIL  cache-key +\S+ m?s  reply-mismatch: got \(nil\), expected "x"$/m);
      expect(out).toMatch(/^5 checks: 2 passed, 3 failed in /m);
    }
  });

  it('prints one JSON document with --json and streams lines with --ndjson', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const closed = await freePort();
    const file = dir.write('json.yaml', `checks:\n  - {name: a, kind: probe, host: 127.0.0.1, ports: ${l.port}, tags: [x]}\n  - {name: b, kind: probe, host: 127.0.0.1, ports: ${closed}}\n`);
    const j = await runNettk(['check', file, '--json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as { checks: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(doc.checks.map((c) => [c.name, c.kind, c.status, c.reason, c.line, c.tags])).toEqual([
      ['a', 'probe', 'pass', 'ok', 2, ['x']],
      ['b', 'probe', 'fail', 'conn-refused', 3, []],
    ]);
    expect(doc.summary).toMatchObject({ total: 2, passed: 1, failed: 1, errors: 0 });
    const n = await runNettk(['check', file, '--ndjson']);
    const lines = n.stdout.trim().split('\n').map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((x) => x.name).sort()).toEqual(['a', 'b']);
    expect(lines[2]).toMatchObject({ summary: { total: 2, passed: 1, failed: 1 } });
  });

  it('runs only the checks named by --only or tagged by --tag, and refuses a name that matches nothing', async () => {
    const port = await freePort();
    const file = dir.write('select.yaml', ['checks:', ...['a', 'b', 'c'].map((n, i) => `  - {name: ${n}, kind: probe, host: 127.0.0.1, ports: ${port}, expect: closed, tags: [${i === 2 ? 'db' : 'web'}]}`)].join('\n'));
    const only = await runNettk(['check', file, '--only', 'a', 'c', '--json']);
    expect((JSON.parse(only.stdout) as { checks: Array<{ name: string }> }).checks.map((c) => c.name)).toEqual(['a', 'c']);
    const tagged = await runNettk(['check', file, '--tag', 'db', '--json']);
    expect((JSON.parse(tagged.stdout) as { checks: Array<{ name: string }> }).checks.map((c) => c.name)).toEqual(['c']);
    const typo = await runNettk(['check', file, '--only', 'd']);
    expect([typo.code, typo.stderr]).toEqual([2, 'nettk: no check named "d" (checks: a, b, c) (see nettk --help)\n']);
  });

  it('re-runs with --watch and prints only what changed, then stops after --rounds', async () => {
    const l = await listen();
    const file = dir.write('watch.yaml', `checks:\n  - {name: svc, kind: probe, host: 127.0.0.1, ports: ${l.port}}\n  - {name: other, kind: probe, host: 127.0.0.1, ports: 1, expect: closed}\n`);
    const child = spawn(process.execPath, [NETTK_BIN, 'check', file, '--watch', '0.3', '--rounds', '3'], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let closed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // After round 1 the service goes away: round 2 must show the change.
      if (!closed && out.includes('round 1:')) {
        closed = true;
        void l.close();
      }
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^PASS  svc /);
    expect(lines[1]).toMatch(/^PASS  other /);
    expect(lines[2]).toMatch(/^\[\d\d:\d\d:\d\d\] round 1: 2 checks: 2 passed, 0 failed in /);
    expect(lines[3]).toMatch(/^\[\d\d:\d\d:\d\d\] FAIL  svc +\S+ m?s  conn-refused: .* \(was PASS\)$/);
    expect(lines[4]).toMatch(/^\[\d\d:\d\d:\d\d\] round 2: 2 checks: 1 passed, 1 failed in .*, 1 changed$/);
    expect(lines[5]).toMatch(/^\[\d\d:\d\d:\d\d\] round 3: 2 checks: 1 passed, 1 failed in .*, no change$/);
    expect(lines).toHaveLength(6);
  });

  it('stops --watch on SIGINT with the exit code of the last complete round', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const file = dir.write('watch-int.yaml', `checks:\n  - {name: svc, kind: probe, host: 127.0.0.1, ports: ${l.port}}\n`);
    const child = spawn(process.execPath, [NETTK_BIN, 'check', file, '--watch', '5'], { env: { ...process.env, NO_COLOR: '1' } });
    let interruptedAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('round 1:')) {
        interruptedAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    // Well before the next round (5 s away): the sleep was cut short.
    expect(interruptedAt).toBeGreaterThan(0);
    expect(performance.now() - interruptedAt).toBeLessThan(3000);
  });

  // script(1) (util-linux, in every Debian) gives nettk a terminal, as a person at a prompt would have.
  it.skipIf(spawnSync('script', ['--version']).status !== 0)('shows an ora spinner on a terminal, and plain lines on one that reports no width', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const file = dir.write('tty.yaml', `checks:\n  - {name: svc, kind: probe, host: 127.0.0.1, ports: ${l.port}}\n  - {name: gone, kind: probe, host: 127.0.0.1, ports: 1}\n`);
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined };
    const inTerminal = (setup: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn('script', ['-qec', `${setup}"${process.execPath}" "${NETTK_BIN}" check "${file}"`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
    const sized = await inTerminal('stty cols 100 rows 30; ');
    expect(sized.code, sized.out.slice(-2000)).toBe(1);
    expect(sized.out).toContain('Running 2 checks');
    expect(sized.out).toMatch(/PASS  svc /);
    expect(sized.out).toMatch(/2 checks: 1 passed, 1 failed in /);
    // ora's clear() loops on a zero-width terminal: nettk must not start a spinner there.
    const widthless = await inTerminal('stty cols 0 rows 0; ');
    expect(widthless.code, widthless.out.slice(-2000)).toBe(1);
    expect(widthless.out).not.toContain('Running 2 checks');
    expect(widthless.out).toMatch(/FAIL  gone .*conn-refused/);
  });
});
