import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

type Services = typeof import('./services.js');
const fresh = async (): Promise<Services> => {
  vi.resetModules();
  return import('./services.js');
};

let systemPorts: number[] = [];
try {
  systemPorts = [...readFileSync('/etc/services', 'latin1').matchAll(/^[^#\s]+\s+(\d+)\/tcp/gm)].map((m) => Number(m[1]));
} catch {
  // no /etc/services: the built-in table is tested alone
}

describe('services', () => {
  it('resolves names and ports both ways, from /etc/services or the built-in table', async () => {
    const s = await fresh();
    expect(s.portForService('ssh')).toBe(22);
    expect(s.portForService('HTTPS')).toBe(443);
    expect(s.portForService('redis')).toBe(6379);
    expect(s.portForService('no-such-service')).toBeUndefined();
    expect(s.serviceForPort(22)).toBe('ssh');
  });

  it('a one-port lookup (text search) names every port exactly as the full table does', async () => {
    const table = await fresh();
    table.portForService('ssh'); // builds the whole table
    const ports = [...new Set([...systemPorts, 20, 80, 443, 1433, 6379, 8080, 9115, 27017, 1, 4, 65535, 45679])];
    // Each fresh module answers its first 8 lookups by searching the text.
    for (let i = 0; i < ports.length; i += 8) {
      const single = await fresh();
      for (const port of ports.slice(i, i + 8)) expect([port, single.serviceForPort(port)]).toEqual([port, table.serviceForPort(port)]);
    }
  });
});
