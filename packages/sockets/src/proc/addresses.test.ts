import { endianness } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv6, parseProcEndpoint, procHexToAddress } from './addresses.js';
import { toProcHex } from './proc-format.test-util.js';

describe('procfs addresses', () => {
  it('reads IPv4 words in host byte order', () => {
    expect(procHexToAddress(toProcHex([127, 0, 0, 1]))).toBe('127.0.0.1');
    expect(procHexToAddress(toProcHex([10, 20, 30, 40]))).toBe('10.20.30.40');
    expect(procHexToAddress('00000000')).toBe('0.0.0.0');
  });

  it('reads the recorded little-endian endpoints of this kernel', () => {
    if (endianness() !== 'LE') return; // the recorded text below comes from an x86-64 kernel
    expect(parseProcEndpoint('0100007F:1F90')).toEqual({ address: '127.0.0.1', port: 8080 });
    expect(parseProcEndpoint('00000000000000000000000001000000:E23D')).toEqual({ address: '::1', port: 57917 });
    expect(parseProcEndpoint('0000000000000000FFFF00000100007F:A50B')).toEqual({ address: '::ffff:127.0.0.1', port: 42251 });
    expect(parseProcEndpoint('00000000000000000000000000000000:0000')).toEqual({ address: '::', port: 0 });
  });

  it('rejects hex that is neither 8 nor 32 digits', () => {
    expect(() => procHexToAddress('0100007')).toThrow('bad /proc address');
  });
});

describe('formatIpv6 (glibc inet_ntop)', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 'fe80::1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], '2001:db8:0:1::1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], '2001:db8:1:0:1::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1], '::ffff:127.0.0.1'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 1, 2, 3], '::10.1.2.3'],
    [[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], '1::'],
  ])('formats %j as %s', (bytes, text) => {
    expect(formatIpv6(bytes)).toBe(text);
  });

  it('agrees with the WHATWG URL serializer on every address without a dotted tail', () => {
    const groups = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(groups, (words) => {
        const embedsV4 = words.slice(0, 5).every((w) => w === 0) && (words[5] === 0xffff || (words[5] === 0 && words[6] !== 0));
        fc.pre(!embedsV4);
        const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
        const url = new URL(`http://[${words.map((w) => w.toString(16)).join(':')}]/`).hostname.slice(1, -1);
        expect(formatIpv6(bytes)).toBe(url);
      }),
      { numRuns: 500 },
    );
  });
});
