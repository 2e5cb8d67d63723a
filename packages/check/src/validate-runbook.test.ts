import { describe, expect, it } from 'vitest';
import { RunbookInvalid, formatDiagnostic } from './source.js';
import { parseRunbook } from './load.js';

/** The diagnostics of an invalid runbook as `LINE:COLUMN: message` strings. */
function errorsOf(text: string, purpose: 'check' | 'serve' = 'check'): string[] {
  try {
    parseRunbook(text, 'rb.yaml', { purpose });
  } catch (err) {
    if (!(err instanceof RunbookInvalid)) throw err;
    return err.diagnostics.map((d) => formatDiagnostic(d).replace(/^rb\.yaml:/, ''));
  }
  throw new Error('expected the runbook to be invalid');
}

describe('runbook validation', () => {
  it('accepts a runbook of every kind and applies defaults', () => {
    const rb = parseRunbook(
      [
        'defaults: {timeout: 750ms, retries: 1, concurrency: 8}',
        'checks:',
        '  - {name: ssh, kind: probe, host: 127.0.0.1, ports: "22,80", tags: [base]}',
        '  - name: api',
        '    kind: http',
        '    url: http://127.0.0.1:8080/health',
        '    headers: {X-Token: abc}',
        '    expect: {status: [2xx, 304], headers: {content-type: json}, body: ok, max_time: 1s}',
        '  - {name: cache, kind: redis, url: "redis://127.0.0.1:6379/2", command: PING, expect: PONG, timeout: 2}',
        '  - {name: kernel, kind: selfconnect-risk}',
      ].join('\n'),
      'rb.yaml',
    );
    expect(rb.defaults).toEqual({ timeoutMs: 750, retries: 1, concurrency: 8 });
    expect(rb.checks.map((c) => [c.name, c.kind, c.timeoutMs, c.retries])).toEqual([
      ['ssh', 'probe', 750, 1],
      ['api', 'http', 750, 1],
      ['cache', 'redis', 2000, 1],
      ['kernel', 'doctor', 750, 1],
    ]);
    const ssh = rb.checks[0]!;
    expect(ssh.kind === 'probe' && ssh.ports).toEqual([22, 80]);
    const api = rb.checks[1]!;
    expect(api.kind === 'http' && api.expect.status).toEqual([[200, 299], [304, 304]]);
    expect(api.kind === 'http' && api.method).toBe('GET');
    expect(rb.checks[3]!.kindName).toBe('selfconnect-risk');
  });

  it('reports every error with its line and column, not just the first', () => {
    const errors = errorsOf(
      [
        'defaults:',
        '  timeout: 2x',
        'checks:',
        '  - name: web',
        '    kind: probe',
        '    host: 127.0.0.1',
        '    ports: 90-80',
        '    bogus: 1',
        '  - name: api',
        '    kind: http',
        '    url: ftp://example.com/',
        '    expect: {status: 700}',
      ].join('\n'),
    );
    expect(errors).toEqual([
      '2:12: defaults: timeout: bad duration "2x": use seconds (2, 0.5) or a unit (500ms, 2s, 1m)',
      '7:12: check "web": ports: bad port range "90-80": start is after end',
      '8:5: check "web": unknown key "bogus" (expected one of: name, kind, tags, timeout, retries, description, host, ports, expect, family, every_address)',
      '11:10: check "api": url: bad URL "ftp://example.com/": scheme must be http or https',
      '12:22: check "api": expect.status: status 700 is outside 100-599',
    ]);
  });

  it('suggests the key that was probably meant', () => {
    expect(errorsOf('checks:\n  - {name: a, kind: probe, hots: x, ports: 22}')).toEqual([
      '2:5: check "a": missing required key "host"',
      '2:28: check "a": unknown key "hots" (did you mean "host"?)',
    ]);
  });

  it('names wrong types and unknown kinds', () => {
    expect(errorsOf('checks:\n  - name: a\n    kind: prob\n  - name: b\n    kind: probe\n    host: [x]\n    ports: 22\n    expect: opne')).toEqual([
      '3:11: check "a": kind: "prob" is not one of probe, http, redis, doctor, selfconnect-risk (did you mean "probe"?)',
      '6:11: check "b": host: expected a single value, got a list',
      '8:13: check "b": expect: "opne" is not one of open, closed (did you mean "open"?)',
    ]);
  });

  it('reports duplicate check names at the second one', () => {
    expect(errorsOf('checks:\n  - {name: a, kind: probe, host: x, ports: 1}\n  - {name: a, kind: probe, host: y, ports: 2}')).toEqual([
      '3:12: check "a": duplicate name (first used on line 2)',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf('checks:\n  - name: a\n    kind: [probe\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^\d+:\d+: syntax: /);
  });

  it('reads JSON through the same parser, with positions and duplicate keys', () => {
    const errors = errorsOf('{\n\t"checks": [\n\t\t{"name": "a", "kind": "probe", "host": "127.0.0.1", "ports": 0}\n\t]\n}');
    expect(errors).toEqual(['3:64: check "a": ports: bad port "0": must be 1-65535']);
    expect(errorsOf('{"checks": [], "checks": []}')[0]).toMatch(/^1:16: syntax: Map keys must be unique/);
  });

  it('checks URLs, regexes, status specs, headers and redis commands', () => {
    const errors = errorsOf(
      [
        'checks:',
        '  - name: h',
        '    kind: http',
        '    url: "http://exa mple.com/"',
        '    method: "GE T"',
        '    headers: {"Bad Name": x, X-A: "a\\r\\nb"}',
        '    expect: {status: "299-200", body: "(", headers: {x-b: [1]}}',
        '  - name: r',
        '    kind: redis',
        '    url: redis://127.0.0.1:6379/abc',
        '    command: \'GET "x\'',
        '    expect: {reply: 1, match: x}',
      ].join('\n'),
    );
    expect(errors).toEqual([
      '4:10: check "h": url: bad URL "http://exa mple.com/"',
      '5:13: check "h": method: bad method "GE T"',
      '6:15: check "h": headers: bad field name "Bad Name"',
      '6:35: check "h": headers.X-A: CR, LF and NUL are not allowed in a field value',
      '7:22: check "h": expect.status: bad status range "299-200": start is after end',
      '7:39: check "h": expect.body: bad regex: /(/: Unterminated group',
      '7:59: check "h": expect.headers.x-b: expected a regex, true (present) or false (absent), got a list',
      '10:10: check "r": url: bad database "abc": a number (redis://host:6379/2)',
      '11:14: check "r": command: unbalanced quotes (as redis-cli reads a line)',
      '12:13: check "r": expect: give only one of reply, match',
    ]);
  });

  it('expands YAML anchors and merge keys, with x- keys free for templates', () => {
    const rb = parseRunbook('x-base: &b {kind: probe, host: 127.0.0.1, timeout: 1s}\nchecks:\n  - {<<: *b, name: a, ports: 1}\n  - {<<: *b, name: b, ports: 2, timeout: 3s}\n', 'rb.yaml');
    expect(rb.checks.map((c) => [c.name, c.kind === 'probe' && c.host, c.timeoutMs])).toEqual([
      ['a', '127.0.0.1', 1000],
      ['b', '127.0.0.1', 3000],
    ]);
    expect(errorsOf('x-base: &b {kind: probe, hots: 127.0.0.1}\nchecks:\n  - {<<: *b, name: a, ports: 1}\n')).toEqual([
      '1:26: check "a": unknown key "hots" (did you mean "host"?)',
      '3:5: check "a": missing required key "host"',
    ]);
  });

  it('refuses target keys in a serve module and requires modules', () => {
    expect(errorsOf('modules:\n  tcp: {kind: probe, host: x}\n  bad name: {kind: probe}', 'serve')).toEqual([
      '2:22: module "tcp": host: not allowed in a module: the target (/probe?target=...) supplies it',
      '3:3: modules: bad module name "bad name": letters, digits, _ . - only',
    ]);
    expect(errorsOf('checks: []', 'serve')).toEqual(['1:1: runbook: missing required key "modules"']);
  });

  it('rejects an empty file and a file that is not a map', () => {
    expect(errorsOf('')).toEqual(['1:1: empty runbook: expected a map with "checks:"']);
    expect(errorsOf('- a\n- b\n')).toEqual(['1:1: runbook: expected a map, got a list']);
  });
});
