import { parseHost, parsePortSpec, expandPorts } from '@nettk/core';
import { isScalar, isSeq } from 'yaml';
import type { FieldReader } from './field-reader.js';
import { describe } from './node-words.js';
import type { KindValidator } from './validate-kind.js';
import type { ProbeSpec } from './types.js';

/** `80`, `"80,443"`, `8000-8100`, `[22, http, 9000-9010]`: the port specs of `nettk probe`. */
export function readPortSpec(f: FieldReader, key: string): { ports: number[]; spec: string } | undefined {
  const node = f.value(key);
  const specs: string[] = [];
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'string')) specs.push(String(node.value));
  else if (isSeq(node)) {
    for (const raw of node.items) {
      const item = f.reader.deref(raw as never);
      if (isScalar(item) && (typeof item.value === 'number' || typeof item.value === 'string')) specs.push(String(item.value));
      else {
        f.reader.error(raw as never, `${f.what}: ${f.label(key)}: expected a port number, range or service name, got ${describe(item)}`, f.at(key));
        return undefined;
      }
    }
    if (specs.length === 0) return f.fail(key, 'empty list of ports');
  } else return f.fail(key, 'expected a port spec (22, "80,443", 8000-8100) or a list of them');
  try {
    for (const s of specs) parsePortSpec(s);
    return { ports: expandPorts(specs), spec: specs.join(',') };
  } catch (err) {
    return f.fail(key, (err as Error).message);
  }
}

export function readHost(f: FieldReader, key: string): { host: string; family: 0 | 4 | 6 } | undefined {
  const text = f.string(key, { required: true });
  if (text === undefined) return undefined;
  try {
    return parseHost(text);
  } catch (err) {
    return f.fail(key, (err as Error).message);
  }
}

export const probeValidator: KindValidator<ProbeSpec> = {
  keys: ['host', 'ports', 'expect', 'family', 'every_address'],
  targetKeys: ['host', 'ports'],
  read(f, mode) {
    const expect = f.choice('expect', ['open', 'closed'] as const) ?? 'open';
    const familyNumber = f.has('family') ? f.number('family') : 0;
    if (familyNumber !== undefined && familyNumber !== 0 && familyNumber !== 4 && familyNumber !== 6) f.error('family', 'must be 4 or 6');
    const everyAddress = f.boolean('every_address') ?? false;
    let host: { host: string; family: 0 | 4 | 6 } | undefined = { host: '', family: 0 };
    let ports: { ports: number[]; spec: string } | undefined = { ports: [], spec: '' };
    if (mode === 'check') {
      host = readHost(f, 'host');
      ports = f.require('ports') ? readPortSpec(f, 'ports') : undefined;
    }
    if (!host || !ports) return undefined;
    const family = familyNumber === 4 || familyNumber === 6 ? familyNumber : host.family;
    if (host.family !== 0 && family !== host.family) f.error('family', `host ${host.host} is an IPv${host.family} address`);
    return { kind: 'probe', host: host.host, family, ports: ports.ports, portSpec: ports.spec, expect, everyAddress };
  },
};
