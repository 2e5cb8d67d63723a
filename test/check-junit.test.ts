import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { debianTool } from './fixtures/check/debian-tools.js';
import { runbookDir } from './fixtures/check/runbook-dir.js';
import { runNettk } from './helpers/nettk.js';
import { freePort, listen } from './helpers/servers.js';

const xmllint = debianTool('xmllint', 'libxml2-utils');
const dir = runbookDir();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
afterAll(() => dir.remove());

/** xmllint --xpath on a file: a real XML parser reads the report back. */
function xpath(file: string, expr: string): string {
  const r = spawnSync(xmllint!, ['--xpath', expr, file], { encoding: 'utf8', timeout: 10_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

// Skipped only when xmllint (libxml2-utils) cannot be installed; debianTool says so loudly.
describe.skipIf(!xmllint)('nettk check --junit', () => {
  it('writes JUnit XML that a schema validator accepts: one testcase per check, failure message = the reason', async () => {
    const l = await listen();
    cleanups.push(l.close);
    const closed = await freePort();
    const file = dir.write(
      'junit.yaml',
      [
        'checks:',
        `  - {name: up, kind: probe, host: 127.0.0.1, ports: ${l.port}}`,
        `  - {name: "down & <out>", kind: probe, host: 127.0.0.1, ports: ${closed}}`,
        `  - {name: shut, kind: probe, host: 127.0.0.1, ports: ${closed}, expect: closed}`,
      ].join('\n'),
    );
    const report = dir.path('report.xml');
    const r = await runNettk(['check', file, '--junit', report]);
    expect(r.code, r.stderr).toBe(1);
    const schema = spawnSync(xmllint!, ['--noout', '--schema', 'test/fixtures/check/junit.xsd', report], { encoding: 'utf8', timeout: 10_000 });
    expect([schema.status, schema.stderr.trim()]).toEqual([0, `${report} validates`]);
    expect(xpath(report, 'count(//testsuite/testcase)')).toBe('3');
    expect(xpath(report, 'string(/testsuites/testsuite/@failures)')).toBe('1');
    expect(xpath(report, 'string(/testsuites/testsuite/@errors)')).toBe('0');
    expect(xpath(report, 'string(//testcase[@name="down & <out>"]/failure/@type)')).toBe('conn-refused');
    expect(xpath(report, 'string(//testcase[@name="down & <out>"]/failure/@message)')).toBe(`127.0.0.1:${closed} Connection refused`);
    expect(xpath(report, 'string(//testcase[@name="up"]/@line)')).toBe('2');
    expect(xpath(report, 'count(//testcase[@name="shut"]/*)')).toBe('0');
    expect(readFileSync(report, 'utf8').startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  });

  it('refuses a report path in a directory that does not exist before running anything (exit 2)', async () => {
    const file = dir.write('one.yaml', 'checks:\n  - {name: a, kind: probe, host: 127.0.0.1, ports: 1, expect: closed}\n');
    const r = await runNettk(['check', file, '--junit', '/no/such/dir/report.xml']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'nettk: cannot write --junit "/no/such/dir/report.xml": no directory /no/such/dir (see nettk --help)\n']);
  });
});
