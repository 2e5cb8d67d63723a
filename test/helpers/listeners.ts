import { readFileSync } from 'node:fs';

/**
 * TCP ports in LISTEN that accept connections to 127.0.0.1: bound to
 * 127.0.0.1, 0.0.0.0, :: or ::ffff:127.0.0.1 — what `ss -tln` shows for a
 * loopback scan — read straight from /proc/net/tcp{,6}.
 */
export function loopbackListeners(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A' || !f[1]) continue;
      const [addr, portHex] = f[1].split(':') as [string, string];
      const ok =
        addr === '0100007F' ||
        addr === '00000000' ||
        addr === '00000000000000000000000000000000' ||
        addr === '0000000000000000FFFF00000100007F';
      if (ok) ports.add(parseInt(portHex, 16));
    }
  }
  return ports;
}
