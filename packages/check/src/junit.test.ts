import { describe, expect, it } from 'vitest';
import { toJUnit, xmlAttr, xmlText } from './junit.js';
import type { CheckResult } from './outcome.js';
import { summarize } from './runner.js';

function result(over: Partial<CheckResult>): CheckResult {
  return {
    name: 'a',
    kind: 'probe',
    tags: [],
    line: 3,
    status: 'pass',
    reason: 'ok',
    message: 'fine',
    timings: {},
    metrics: {},
    durationMs: 12.5,
    attempts: 1,
    startedAt: '2026-01-02T03:04:05.678Z',
    ...over,
  };
}

describe('JUnit XML', () => {
  it('escapes markup and keeps line breaks in attributes', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlAttr('say "hi"\n\tthere')).toBe('say &quot;hi&quot;&#10;&#9;there');
  });

  it('shows characters XML 1.0 cannot carry instead of writing them', () => {
    expect(xmlText('a\x00b\x1bc\uFFFE')).toBe('a\\x00b\\x1bc\\ufffe');
    expect(xmlText('lone \uD800 surrogate, pair \uD83D\uDE00 kept')).toBe('lone \\ud800 surrogate, pair \uD83D\uDE00 kept');
  });

  it('writes one testcase per check: failures, errors and passes with counts that add up', () => {
    const results = [
      result({ name: 'up' }),
      result({ name: 'down', status: 'fail', reason: 'conn-refused', message: '127.0.0.1:1 Connection refused', attempts: 2 }),
      result({ name: 'odd <name>', kind: 'doctor', status: 'error', reason: 'unavailable', message: 'no /proc' }),
    ];
    const xml = toJUnit({ results, summary: summarize(results, 1500), startedAt: '2026-01-02T03:04:05.678Z' }, 'rb.yaml', '0.1.0');
    expect(xml).toContain('<testsuites name="nettk check" tests="3" failures="1" errors="1" skipped="0" time="1.500">');
    expect(xml).toContain('timestamp="2026-01-02T03:04:05"');
    expect(xml).toContain('<testcase name="up" classname="nettk.check.probe" time="0.013" file="rb.yaml" line="3"/>');
    expect(xml).toContain('<failure message="127.0.0.1:1 Connection refused" type="conn-refused">conn-refused: 127.0.0.1:1 Connection refused (after 2 attempts)</failure>');
    expect(xml).toContain('<testcase name="odd &lt;name&gt;" classname="nettk.check.doctor"');
    expect(xml).toContain('<error message="no /proc" type="unavailable">');
  });
});
