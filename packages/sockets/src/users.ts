import { readFileSync } from 'node:fs';

let cache: Map<number, string> | undefined;

/** uid → login name from /etc/passwd (what ss -e and lsof print); null when unknown. */
export function userName(uid: number): string | null {
  cache ??= readPasswd();
  return cache.get(uid) ?? null;
}

function readPasswd(): Map<number, string> {
  const map = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return map;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    const uid = Number(f[2]);
    if (f[0] && Number.isInteger(uid) && !map.has(uid)) map.set(uid, f[0]);
  }
  return map;
}
