import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../../test/helpers/servers.js';
import { assessPort, suggestPort } from './port-assessment.js';
import { kernelPrefersParity, readPortFacts, type PortFacts } from './port-facts.js';

const modern: PortFacts = { range: [32768, 60999], reserved: [], kernel: '6.1.0' };

describe('assessPort', () => {
  it('accepts an even port inside an even-based range', () => {
    const a = assessPort(50000, modern);
    expect(a.verdict).toBe('reproducible');
    expect(a.preferredParity).toBe('even');
    expect(a.suggestion).toBeUndefined();
    expect(a.reason).toMatch(/inside the ephemeral range .*32768-60999/);
  });

  it('refuses an odd port and suggests the even neighbour below it', () => {
    const a = assessPort(50001, modern);
    expect(a.verdict).toBe('wrong-parity');
    expect(a.reason).toMatch(/50001 is odd: .* connect\(\) takes even source ports/);
    expect(a.suggestion).toBe(50000);
  });

  it('refuses ports outside the range and suggests the nearest end', () => {
    expect(assessPort(61001, modern)).toMatchObject({ verdict: 'outside-range', suggestion: 60998 });
    expect(assessPort(22, modern)).toMatchObject({ verdict: 'outside-range', suggestion: 32768 });
    expect(assessPort(22, modern).reason).toMatch(/outside the ephemeral port range/);
  });

  it('refuses a reserved port, naming ip_local_reserved_ports', () => {
    const facts: PortFacts = { ...modern, reserved: [[50000, 50002]] };
    const a = assessPort(50000, facts);
    expect(a.verdict).toBe('reserved');
    expect(a.reason).toMatch(/ip_local_reserved_ports/);
    expect(a.suggestion).toBe(49998);
  });

  it('prefers odd ports when the range starts on an odd port', () => {
    const facts: PortFacts = { ...modern, range: [1025, 5000] };
    expect(assessPort(2001, facts).verdict).toBe('reproducible');
    expect(assessPort(2000, facts)).toMatchObject({ verdict: 'wrong-parity', preferredParity: 'odd' });
  });

  it('never reaches the top port of an odd-sized range', () => {
    const facts: PortFacts = { ...modern, range: [32768, 61000] };
    expect(assessPort(61000, facts)).toMatchObject({ verdict: 'top-of-range', suggestion: 60998 });
    expect(assessPort(60998, facts).verdict).toBe('reproducible');
  });

  it('has no parity rule before Linux 4.6', () => {
    const facts: PortFacts = { ...modern, kernel: '4.4.0' };
    expect(assessPort(50001, facts)).toMatchObject({ verdict: 'reproducible', preferredParity: null });
  });

  it('finds no suggestion when every port of the range is reserved', () => {
    const facts: PortFacts = { range: [40000, 40003], reserved: [[40000, 40003]], kernel: '6.1.0' };
    expect(suggestPort(40001, facts)).toBeUndefined();
  });
});

const here = await readPortFacts();

describe('the parity rule on this kernel', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.destroy();
  });

  // Skipped before Linux 4.6: those kernels have no parity rule to check.
  it.skipIf(!kernelPrefersParity(here.kernel))('hands connect() source ports of the preferred parity only', async () => {
    const facts = here;
    const preferred = assessPort(facts.range[0], facts).preferredParity;
    const server = await listen();
    try {
      const ports: number[] = [];
      for (let i = 0; i < 40; i++) {
        const socket = connect({ host: '127.0.0.1', port: server.port });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        });
        ports.push(socket.localPort!);
      }
      const wanted = preferred === 'even' ? 0 : 1;
      expect(ports.filter((p) => p % 2 !== wanted)).toEqual([]);
      expect(ports.every((p) => p >= facts.range[0] && p <= facts.range[1])).toBe(true);
    } finally {
      for (const s of sockets.splice(0)) s.destroy();
      await server.close();
    }
  });
});
