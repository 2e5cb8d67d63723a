import { UsageError } from '@nettk/core';

/** Everything `nettk redis` accepts, parsed the way redis-cli parses: options first, then the command. */
export interface RedisOptions {
  host: string | undefined;
  port: number | undefined;
  url: string | undefined;
  password: string | undefined;
  user: string | undefined;
  db: number | undefined;
  protocol: 2 | 3;
  tls: boolean;
  sni: string | undefined;
  cacert: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  insecure: boolean;
  family: 0 | 4 | 6;
  /** Connect + handshake deadline, seconds. */
  timeout: number;
  /** Per-reply deadline, seconds (0 = none). */
  commandTimeout: number;
  raw: boolean | undefined;
  json: boolean;
  ndjson: boolean;
  binary: boolean;
  errorExit: boolean;
  showWire: boolean;
  color: boolean | undefined;
  debug: boolean;
  stdinLastArg: boolean;
  /** -r: times to run (-1 = forever); undefined when not given. */
  repeat: number | undefined;
  interval: number;
  pipe: boolean;
  pipeTimeout: number;
  latency: boolean;
  latencyHistory: boolean;
  stat: boolean;
  scan: boolean;
  pattern: string | undefined;
  count: number | undefined;
  /** Raw-mode delimiters (redis-cli -d / -D). */
  bulkDelimiter: string;
  commandDelimiter: string;
  help: boolean;
  command: string[];
}

type Setter = (o: RedisOptions, value: string) => void;

const num = (flag: string, min: number, integer: boolean) => (text: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`bad ${flag} "${text}": ${integer ? 'a whole number' : 'a number'} >= ${min}`);
  }
  return n;
};
const port = (text: string): number => {
  const n = num('-p', 1, true)(text);
  if (n > 65535) throw new UsageError(`bad -p "${text}": a port from 1 to 65535`);
  return n;
};

// Options that take a value; redis-cli spells most of them with one dash.
const WITH_VALUE: Record<string, Setter> = {
  '-h': (o, v) => void (o.host = v),
  '-p': (o, v) => void (o.port = port(v)),
  '-a': (o, v) => void (o.password = v),
  '--pass': (o, v) => void (o.password = v),
  '--user': (o, v) => void (o.user = v),
  '-u': (o, v) => void (o.url = v),
  '-n': (o, v) => void (o.db = num('-n', 0, true)(v)),
  '-t': (o, v) => void (o.timeout = num('-t', 0.001, false)(v)),
  '--timeout': (o, v) => void (o.timeout = num('--timeout', 0.001, false)(v)),
  '--command-timeout': (o, v) => void (o.commandTimeout = num('--command-timeout', 0, false)(v)),
  '-r': (o, v) => void (o.repeat = num('-r', -1, true)(v)),
  '-i': (o, v) => void (o.interval = num('-i', 0, false)(v)),
  '--pipe-timeout': (o, v) => void (o.pipeTimeout = num('--pipe-timeout', 0, false)(v)),
  '--pattern': (o, v) => void (o.pattern = v),
  '--count': (o, v) => void (o.count = num('--count', 1, true)(v)),
  '--sni': (o, v) => void (o.sni = v),
  '--cacert': (o, v) => void (o.cacert = v),
  '--cert': (o, v) => void (o.cert = v),
  '--key': (o, v) => void (o.key = v),
  '-d': (o, v) => void (o.bulkDelimiter = v),
  '-D': (o, v) => void (o.commandDelimiter = v),
};

const FLAGS: Record<string, (o: RedisOptions) => void> = {
  '-2': (o) => void (o.protocol = 2),
  '-3': (o) => void (o.protocol = 3),
  '-4': (o) => void (o.family = 4),
  '-6': (o) => void (o.family = 6),
  '--tls': (o) => void (o.tls = true),
  '--insecure': (o) => void (o.insecure = true),
  '--raw': (o) => void (o.raw = true),
  '--no-raw': (o) => void (o.raw = false),
  '--json': (o) => void (o.json = true),
  '--ndjson': (o) => void (o.ndjson = true),
  '--binary': (o) => void (o.binary = true),
  '-e': (o) => void (o.errorExit = true),
  '--no-error-exit': (o) => void (o.errorExit = false),
  '--show-wire': (o) => void (o.showWire = true),
  '--color': (o) => void (o.color = true),
  '--no-color': (o) => void (o.color = false),
  '--debug': (o) => void (o.debug = true),
  '-x': (o) => void (o.stdinLastArg = true),
  '--pipe': (o) => void (o.pipe = true),
  '--latency': (o) => void (o.latency = true),
  '--latency-history': (o) => void (o.latencyHistory = true),
  '--stat': (o) => void (o.stat = true),
  '--scan': (o) => void (o.scan = true),
  '--help': (o) => void (o.help = true),
  // Accepted for redis-cli compatibility; nettk never prints the warning they silence.
  '--no-auth-warning': () => {},
};

const UNSUPPORTED: Record<string, string> = {
  '-c': 'cluster mode (-c) is not supported',
  '-s': 'unix sockets (-s) are not supported: use -h/-p',
  '--cluster': 'cluster management is not supported',
  '--askpass': '--askpass is not supported: use REDISCLI_AUTH',
};

export function defaultOptions(): RedisOptions {
  return {
    host: undefined, port: undefined, url: undefined, password: undefined, user: undefined, db: undefined,
    protocol: 2, tls: false, sni: undefined, cacert: undefined, cert: undefined, key: undefined, insecure: false, family: 0,
    timeout: 5, commandTimeout: 0, raw: undefined, json: false, ndjson: false, binary: false, errorExit: true,
    showWire: false, color: undefined, debug: false, stdinLastArg: false, repeat: undefined, interval: 0, pipe: false,
    pipeTimeout: 30, latency: false, latencyHistory: false, stat: false, scan: false, pattern: undefined,
    count: undefined, bulkDelimiter: '\n', commandDelimiter: '\n', help: false, command: [],
  };
}

/**
 * redis-cli's rule: options come first, the first word that is not an
 * option starts the command, and everything after it belongs to the
 * command (`nettk redis set k -1` sets k to "-1"). `--opt=value` works too.
 */
export function parseRedisArgv(argv: ReadonlyArray<string>): RedisOptions {
  const o = defaultOptions();
  let i = 0;
  for (; i < argv.length; i++) {
    let arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg) && !(arg in FLAGS)) break;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg in UNSUPPORTED) throw new UsageError(UNSUPPORTED[arg]!);
    const flag = FLAGS[arg];
    if (flag) {
      if (inline !== undefined) throw new UsageError(`${arg} takes no value`);
      flag(o);
      continue;
    }
    const setter = WITH_VALUE[arg];
    if (!setter) throw new UsageError(`unknown option "${arg}" (options go before the command; see nettk redis --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    setter(o, value);
  }
  o.command = argv.slice(i).map(String);
  if (o.json && o.ndjson) throw new UsageError('--json and --ndjson cannot be combined');
  if ([o.pipe, o.latency, o.latencyHistory, o.stat, o.scan].filter(Boolean).length > 1) {
    throw new UsageError('--pipe, --latency, --latency-history, --stat and --scan are separate modes: pick one');
  }
  if (o.binary && (o.json || o.ndjson)) throw new UsageError('--binary writes bytes: it cannot be combined with --json');
  return o;
}
