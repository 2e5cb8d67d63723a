import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { NettkError, TimeoutError } from './errors.js';
import { classifyError } from './classify.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Same shape as dns.lookup with `{all: true}`: lets tests and programs supply their own resolver. */
export type LookupAll = (host: string, family: 0 | 4 | 6, callback: (err: Error | null, addresses: ResolvedAddress[]) => void) => void;

const systemLookup: LookupAll = (host, family, callback) => {
  // node:dns loads on the first name, as in node's own net.js: IP literals never need it.
  const { lookup: dnsLookup } = process.getBuiltinModule('node:dns');
  dnsLookup(host, { all: true, family, order: 'verbatim' }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, []);
    callback(null, addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
  });
};

/** A DNS failure with the classification of its errno (state `dns`). */
export class DnsError extends NettkError {
  readonly host: string;
  readonly reason: string;
  constructor(host: string, cause: unknown) {
    const c = classifyError(cause);
    super('NETTK_ERR_DNS', `cannot resolve "${host}": ${c.text}`, { cause });
    this.name = 'DnsError';
    this.host = host;
    this.reason = c.reason;
  }
}

/**
 * Every address of a host (IP literals are returned as they are), filtered to
 * `family` when it is 4 or 6, deduplicated, within a deadline.
 */
export function resolveAll(
  host: string,
  options: { family?: 0 | 4 | 6; timeoutMs?: number; lookup?: LookupAll | undefined } = {},
): Promise<ResolvedAddress[]> {
  const family = options.family ?? 0;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const literal = isIP(bare.replace(/%.*$/, ''));
  if (literal === 4 || literal === 6) {
    if (family !== 0 && family !== literal) {
      return Promise.reject(new DnsError(host, Object.assign(new Error('family mismatch'), { code: 'EAI_NODATA' })));
    }
    return Promise.resolve([{ address: bare, family: literal }]);
  }
  const lookup = options.lookup ?? systemLookup;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs && options.timeoutMs > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        reject(new TimeoutError(`resolving "${host}" took longer than ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      timer.unref();
    }
    lookup(host, family, (err, addresses) => {
      if (options.timeoutMs && !timer) return; // deadline already reported
      if (timer) clearTimeout(timer);
      if (err) return reject(new DnsError(host, err));
      const seen = new Set<string>();
      const out = addresses.filter((a) => (family === 0 || a.family === family) && !seen.has(a.address) && seen.add(a.address));
      if (out.length === 0) {
        return reject(new DnsError(host, Object.assign(new Error('no address'), { code: 'EAI_NODATA' })));
      }
      resolve(out);
    });
  });
}

/** RFC 8305 §4: interleave families, starting with the family of the first answer. */
export function interleaveFamilies(addresses: readonly ResolvedAddress[]): ResolvedAddress[] {
  const first = addresses[0]?.family;
  const a = addresses.filter((x) => x.family === first);
  const b = addresses.filter((x) => x.family !== first);
  const out: ResolvedAddress[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) out.push(a[i]!);
    if (b[i]) out.push(b[i]!);
  }
  return out;
}
