import { hostname } from 'node:os';
import type { CheckResult } from './outcome.js';
import type { RunReport } from './runner.js';

/**
 * XML 1.0 §2.2 allows only TAB, LF, CR and U+0020 upwards (no lone
 * surrogates, no U+FFFE/FFFF); peer bytes in a message may contain anything,
 * so the rest are shown as \xHH / \uHHHH instead of producing XML no parser reads.
 */
function clean(text: string): string {
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function xmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep TAB/LF/CR (§3.3.3 would normalise them to spaces). */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** JUnit timestamps: ISO 8601 without zone or fraction (the strictest readers reject both); UTC. */
function stamp(iso: string): string {
  return iso.replace(/\.\d+Z$|Z$/, '');
}

function testcase(r: CheckResult, file: string): string {
  const open = `    <testcase name="${xmlAttr(r.name)}" classname="${xmlAttr(`nettk.check.${r.kind}`)}" time="${seconds(r.durationMs)}" file="${xmlAttr(file)}" line="${r.line}"`;
  if (r.status === 'pass') return `${open}/>`;
  // failure = the check's expectation did not hold; error = nettk could not run it (JUnit's own split).
  const tag = r.status === 'fail' ? 'failure' : 'error';
  const body = `${r.reason}: ${r.message}${r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ''}`;
  return `${open}>\n      <${tag} message="${xmlAttr(r.message)}" type="${xmlAttr(r.reason)}">${xmlText(body)}</${tag}>\n    </testcase>`;
}

/**
 * A JUnit XML report as CI systems read it (Jenkins, GitLab, GitHub
 * actions' reporters): one testsuite per runbook, one testcase per check,
 * the failure message = the check's reason.
 */
export function toJUnit(report: RunReport, file: string, version = ''): string {
  const s = report.summary;
  const counts = `tests="${s.total}" failures="${s.failed}" errors="${s.errors}" skipped="0" time="${seconds(s.durationMs)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nettk check" ${counts}>`,
    `  <testsuite name="${xmlAttr(file)}" ${counts} timestamp="${stamp(report.startedAt)}" hostname="${xmlAttr(hostname() || 'localhost')}">`,
    '    <properties>',
    `      <property name="runbook" value="${xmlAttr(file)}"/>`,
    ...(version ? [`      <property name="nettk.version" value="${xmlAttr(version)}"/>`] : []),
    '    </properties>',
    ...report.results.map((r) => testcase(r, file)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}
