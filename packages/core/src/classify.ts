import { errnoOf } from './errors.js';

/** What a connect attempt found, in the vocabulary of nc and nmap -sT. */
export type DialState = 'open' | 'closed' | 'filtered' | 'unreachable' | 'dns' | 'local';

export interface Classification {
  state: Exclude<DialState, 'open'>;
  /** nmap's reason words where nmap has one (`conn-refused`, `no-response`, ...). */
  reason: string;
  /** The errno (`ECONNREFUSED`) when the failure came from the kernel or resolver. */
  errno: string | undefined;
  /** A human phrase like nc's: `Connection refused`, `timed out`. */
  text: string;
}

const TABLE: Record<string, Omit<Classification, 'errno'>> = {
  ECONNREFUSED: { state: 'closed', reason: 'conn-refused', text: 'Connection refused' },
  ECONNRESET: { state: 'closed', reason: 'reset', text: 'Connection reset by peer' },
  ETIMEDOUT: { state: 'filtered', reason: 'no-response', text: 'timed out' },
  EHOSTUNREACH: { state: 'unreachable', reason: 'host-unreach', text: 'No route to host' },
  ENETUNREACH: { state: 'unreachable', reason: 'net-unreach', text: 'Network is unreachable' },
  EHOSTDOWN: { state: 'unreachable', reason: 'host-unreach', text: 'Host is down' },
  EACCES: { state: 'filtered', reason: 'admin-prohibited', text: 'Permission denied' },
  EPERM: { state: 'filtered', reason: 'admin-prohibited', text: 'Operation not permitted' },
  ENOTFOUND: { state: 'dns', reason: 'nxdomain', text: 'Name or service not known' },
  EAI_NONAME: { state: 'dns', reason: 'nxdomain', text: 'Name or service not known' },
  EAI_NODATA: { state: 'dns', reason: 'no-address', text: 'No address associated with hostname' },
  EAI_AGAIN: { state: 'dns', reason: 'dns-timeout', text: 'Temporary failure in name resolution' },
  EAI_FAIL: { state: 'dns', reason: 'dns-fail', text: 'Non-recoverable failure in name resolution' },
  EADDRNOTAVAIL: { state: 'local', reason: 'addr-not-avail', text: 'Cannot assign requested address' },
  EADDRINUSE: { state: 'local', reason: 'addr-in-use', text: 'Address already in use' },
  EMFILE: { state: 'local', reason: 'fd-limit', text: 'Too many open files' },
  ENFILE: { state: 'local', reason: 'fd-limit', text: 'Too many open files in system' },
  ENOBUFS: { state: 'local', reason: 'no-buffers', text: 'No buffer space available' },
  EINVAL: { state: 'local', reason: 'invalid', text: 'Invalid argument' },
  EAFNOSUPPORT: { state: 'local', reason: 'af-unsupported', text: 'Address family not supported' },
};

/** The classification of a connect timeout: nothing answered before the deadline. */
export const NO_RESPONSE: Classification = {
  state: 'filtered',
  reason: 'no-response',
  errno: undefined,
  text: 'timed out',
};

// One frozen Classification per known errno: a scan classifies tens of thousands of refusals.
const CLASSIFIED = new Map<string, Classification>(Object.entries(TABLE).map(([errno, c]) => [errno, Object.freeze({ ...c, errno })]));

/** Map a connect error to a state and reason; unknown errors are `local`. Known errnos share one frozen object each. */
export function classifyError(error: unknown): Classification {
  const errno = errnoOf(error);
  const known = errno === undefined ? undefined : CLASSIFIED.get(errno);
  if (known) return known;
  const text = error instanceof Error ? error.message : String(error);
  return { state: 'local', reason: errno ? errno.toLowerCase() : 'error', errno, text };
}
