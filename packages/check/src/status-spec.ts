import type { StatusRange } from './types.js';

/**
 * One status expectation: `200`, `"2xx"`, `"200-299"`, or a comma list of
 * those. Returns ranges, or the reason it is not one. RFC 9110 §15: codes are
 * three digits, 100–599 in use.
 */
export function parseStatusSpec(value: string | number): StatusRange[] | string {
  const parts = typeof value === 'number' ? [String(value)] : value.split(',').map((s) => s.trim());
  const out: StatusRange[] = [];
  for (const part of parts) {
    let m: RegExpExecArray | null;
    if ((m = /^([1-5])xx$/i.exec(part))) out.push([Number(m[1]) * 100, Number(m[1]) * 100 + 99]);
    else if ((m = /^(\d{3})$/.exec(part))) out.push([Number(m[1]), Number(m[1])]);
    else if ((m = /^(\d{3})\s*-\s*(\d{3})$/.exec(part))) {
      const from = Number(m[1]);
      const to = Number(m[2]);
      if (from > to) return `bad status range "${part}": start is after end`;
      out.push([from, to]);
    } else return `bad status "${part}": use 200, 2xx, 200-299 or a list`;
  }
  for (const [from, to] of out) {
    if (from < 100 || to > 599) return `status ${from === to ? from : `${from}-${to}`} is outside 100-599`;
  }
  return out;
}

export function statusMatches(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some(([from, to]) => status >= from && status <= to);
}

/** `200-299`, `2xx` shown as `2xx`, `200, 204`. */
export function formatStatusSpec(ranges: readonly StatusRange[]): string {
  return ranges
    .map(([from, to]) => (from === to ? String(from) : from % 100 === 0 && to === from + 99 ? `${from / 100}xx` : `${from}-${to}`))
    .join(', ');
}
