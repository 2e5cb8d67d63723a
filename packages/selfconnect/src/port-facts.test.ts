import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORT_RANGE_PATH, kernelPrefersParity, kernelVersion, parsePortRange, parseReservedPorts, readPortFacts } from './port-facts.js';

describe('parsePortRange', () => {
  it('reads the tab-separated pair the kernel prints', () => {
    expect(parsePortRange('32768\t60999\n')).toEqual([32768, 60999]);
    expect(parsePortRange('  1024 65535 ')).toEqual([1024, 65535]);
  });

  it('rejects text that is not two ordered ports', () => {
    expect(() => parsePortRange('')).toThrow(/ip_local_port_range/);
    expect(() => parsePortRange('60999 32768')).toThrow(/ip_local_port_range/);
    expect(() => parsePortRange('0 70000')).toThrow(/ip_local_port_range/);
    expect(() => parsePortRange('32768')).toThrow(/ip_local_port_range/);
  });
});

describe('parseReservedPorts', () => {
  it('reads single ports and ranges separated by commas', () => {
    expect(parseReservedPorts('8080,9000-9010\n')).toEqual([
      [8080, 8080],
      [9000, 9010],
    ]);
  });

  it('reads an empty list as no reserved ports', () => {
    expect(parseReservedPorts('\n')).toEqual([]);
  });

  it('rejects an entry that is not a port or a range', () => {
    expect(() => parseReservedPorts('80,http')).toThrow(/reserved/);
  });
});

describe('kernel parity rule', () => {
  it('applies from Linux 4.6 on', () => {
    expect(kernelPrefersParity('4.6.0')).toBe(true);
    expect(kernelPrefersParity('6.18.44-fc-v782')).toBe(true);
    expect(kernelPrefersParity('5.4.0-150-generic')).toBe(true);
  });

  it('does not apply before Linux 4.6', () => {
    expect(kernelPrefersParity('4.5.7')).toBe(false);
    expect(kernelPrefersParity('3.10.0-1160.el7.x86_64')).toBe(false);
  });

  it('assumes a modern kernel when the release string has no version', () => {
    expect(kernelVersion('custom')).toBeUndefined();
    expect(kernelPrefersParity('custom')).toBe(true);
  });
});

describe('readPortFacts', () => {
  it('reads this machine’s range exactly as /proc shows it', async () => {
    const facts = await readPortFacts();
    expect(facts.range).toEqual(parsePortRange(await readFile(PORT_RANGE_PATH, 'utf8')));
    expect(facts.kernel.length).toBeGreaterThan(0);
  });

  it('reads other files when given, and treats a missing reserved list as empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nettk-selfconnect-'));
    try {
      await writeFile(join(dir, 'range'), '10000\t20000\n');
      expect((await readPortFacts({ range: join(dir, 'range'), reserved: join(dir, 'absent') })).reserved).toEqual([]);
      await writeFile(join(dir, 'reserved'), '15000-15002\n');
      const facts = await readPortFacts({ range: join(dir, 'range'), reserved: join(dir, 'reserved') });
      expect(facts.range).toEqual([10000, 20000]);
      expect(facts.reserved).toEqual([[15000, 15002]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
