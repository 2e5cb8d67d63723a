import { readFileSync } from 'node:fs';

/** { TCP: { inuse: 3, orphan: 0, tw: 2, alloc: 5, mem: 1 }, ... } from /proc/net/sockstat{,6}. */
export type Sockstat = Record<string, Record<string, number>>;

/**
 * Parses sockstat text ("TCP: inuse 3 orphan 0 tw 2 alloc 5 mem 1"), the
 * source of `ss -s` totals. The "sockets: used N" line becomes { sockets: { used: N } }.
 */
export function parseSockstat(text: string): Sockstat {
  const out: Sockstat = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    const entry: Record<string, number> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = Number(fields[i + 1]);
      if (fields[i] && Number.isFinite(value)) entry[fields[i] as string] = value;
    }
    out[line.slice(0, colon)] = entry;
  }
  return out;
}

/** Both tables merged (TCP6, UDP6 come from sockstat6); missing files give {}. */
export function readSockstat(procRoot = '/proc'): Sockstat {
  const read = (name: string): string => {
    try {
      return readFileSync(`${procRoot}/net/${name}`, 'utf8');
    } catch {
      return '';
    }
  };
  return { ...parseSockstat(read('sockstat')), ...parseSockstat(read('sockstat6')) };
}
