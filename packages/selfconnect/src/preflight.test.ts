import { networkInterfaces } from 'node:os';
import { UsageError } from '@nettk/core';
import { describe, expect, it } from 'vitest';
import { freePort, listen } from '../../../test/helpers/servers.js';
import { freeReproduciblePort } from './free-ports.test-util.js';
import type { PortFacts } from './port-facts.js';
import { isLocalAddress, isWildcardAddress, preflight, probeListener } from './preflight.js';

const facts: PortFacts = { range: [32768, 60999], reserved: [], kernel: '6.1.0' };

describe('preflight', () => {
  it('resolves a loopback target, finds nothing listening and judges the port', async () => {
    const port = await freeReproduciblePort();
    const pre = await preflight({ host: '127.0.0.1', port });
    expect(pre).toMatchObject({ address: '127.0.0.1', family: 4, port, listener: { state: 'closed' } });
    expect(pre.assessment.verdict).toBe('reproducible');
  });

  it('resolves localhost to a loopback address', async () => {
    const pre = await preflight({ host: 'localhost', port: 50000, facts });
    expect(['127.0.0.1', '::1']).toContain(pre.address);
  });

  it('finds a listener on the port', async () => {
    const server = await listen();
    try {
      const pre = await preflight({ host: '127.0.0.1', port: server.port, facts });
      expect(pre.listener.state).toBe('listening');
    } finally {
      await server.close();
    }
  });

  it('refuses an address of another host without sending anything', async () => {
    await expect(preflight({ host: '192.0.2.1', port: 50000, facts })).rejects.toThrow(UsageError);
    await expect(preflight({ host: '192.0.2.1', port: 50000, facts })).rejects.toThrow(/not an address of this host/);
  });

  it('refuses a wildcard address', async () => {
    await expect(preflight({ host: '0.0.0.0', port: 50000, facts })).rejects.toThrow(/wildcard/);
  });

  it('uses the facts it is given to judge the port', async () => {
    const pre = await preflight({ host: '127.0.0.1', port: 50001, facts });
    expect(pre.assessment.verdict).toBe('wrong-parity');
  });
});

describe('isLocalAddress', () => {
  it('accepts the whole of 127.0.0.0/8, ::1 and the IPv4-mapped loopback', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLocalAddress(a)).toBe(true);
  });

  it('accepts every address of a local interface', () => {
    for (const nic of Object.values(networkInterfaces()).flat()) {
      if (nic) expect(isLocalAddress(nic.address)).toBe(true);
    }
  });

  it('rejects addresses of other hosts', () => {
    for (const a of ['192.0.2.1', '2001:db8::1', '8.8.8.8']) expect(isLocalAddress(a)).toBe(false);
  });
});

describe('isWildcardAddress', () => {
  it('recognises the any-addresses of both families only', () => {
    expect(isWildcardAddress('0.0.0.0')).toBe(true);
    expect(isWildcardAddress('::')).toBe(true);
    expect(isWildcardAddress('127.0.0.1')).toBe(false);
  });
});

describe('probeListener', () => {
  it('finds a listener and closes its probe connection', async () => {
    const server = await listen();
    try {
      const probe = await probeListener('127.0.0.1', 4, server.port);
      expect(probe.state).toBe('listening');
      await expect.poll(() => server.sockets.size, { timeout: 2000 }).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('reports closed where nothing listens', async () => {
    expect(await probeListener('127.0.0.1', 4, await freePort())).toEqual({ state: 'closed' });
  });

  it('reports a local failure with its classification', async () => {
    const probe = await probeListener('255.255.255.255', 4, 9);
    expect(probe.state).toBe('error');
    if (probe.state === 'error') expect(probe.failure.errno).toBe('ENETUNREACH');
  });
});
