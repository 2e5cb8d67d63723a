import { describe, expect, it } from 'vitest';
import { explainSelfConnect, type ExplainContext } from './explain.js';
import { assessPort } from './port-assessment.js';
import type { PortFacts } from './port-facts.js';

const facts: PortFacts = { range: [32768, 60999], reserved: [], kernel: '6.1.0' };
const base: ExplainContext = {
  address: '127.0.0.1',
  port: 50000,
  facts,
  assessment: assessPort(50000, facts),
  mode: 'loop',
  guard: false,
  reproduced: true,
  attempts: 12345,
  guardFired: 0,
};

function text(context: ExplainContext): string {
  return explainSelfConnect(context)
    .map((s) => `${s.title}\n${s.paragraphs.join('\n')}`)
    .join('\n');
}

describe('explainSelfConnect', () => {
  it('has the four sections the issue asks for, in order', () => {
    expect(explainSelfConnect(base).map((s) => s.title)).toEqual(['What happened', 'Why', 'What goes wrong in real services', 'Remedies']);
  });

  it('tells what happened with the real attempt count and the machine’s range and parity', () => {
    const t = text(base);
    expect(t).toMatch(/Connect attempt 12345 to 127\.0\.0\.1:50000/);
    expect(t).toMatch(/32768-60999 here/);
    expect(t).toMatch(/even here/);
    expect(t).toMatch(/RFC 9293 §3\.5/);
  });

  it('names both remedies with the port filled in', () => {
    const t = text(base);
    expect(t).toMatch(/sysctl -w net\.ipv4\.ip_local_reserved_ports=50000/);
    expect(t).toMatch(/below 32768 here/);
    expect(t).toMatch(/close and redial \(at most twice\)/);
  });

  it('leaves the parity paragraph out on kernels without the rule', () => {
    const old = { ...facts, kernel: '4.4.0' };
    expect(text({ ...base, facts: old, assessment: assessPort(50000, old) })).not.toMatch(/Since Linux 4\.6/);
  });

  it('explains the TIME_WAIT and the EADDRINUSE of a second bind for the --local-port variant', () => {
    const t = text({ ...base, mode: 'bound', attempts: 1 });
    expect(t).toMatch(/TIME_WAIT for 60 s/);
    expect(t).toMatch(/EADDRINUSE/);
    expect(t).toMatch(/SO_REUSEADDR/);
  });

  it('counts the guard’s catches, or says it never had to fire', () => {
    expect(text({ ...base, guard: true, reproduced: false, guardFired: 3 })).toMatch(/3 time\(s\).*golang\.org\/issue\/2690/);
    expect(text({ ...base, guard: true, reproduced: false, guardFired: 0 })).toMatch(/never handed out 50000/);
  });

  it('says why a loop on an unreachable port found nothing', () => {
    const t = text({ ...base, port: 50001, assessment: assessPort(50001, facts), reproduced: false, attempts: 200000 });
    expect(t).toMatch(/None of 200000 connects/);
    expect(t).toMatch(/50001 is odd/);
  });
});
