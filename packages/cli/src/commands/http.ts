import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../io.js';
import type { FastOption } from './fast-args.js';
import { lazy } from './lazy.js';

export interface HttpArgs extends GlobalArgs {
  args?: string[];
  request?: string;
  head?: boolean;
  header?: string | string[];
  data?: string | string[];
  'data-binary'?: string | string[];
  form?: string | string[];
  'form-string'?: string | string[];
  boundary?: string;
  'request-target'?: string;
  'user-agent'?: string;
  raw?: boolean;
  tls?: boolean;
  insecure?: boolean;
  cacert?: string;
  'print-request'?: boolean;
  include?: boolean;
  verbose?: boolean;
  'show-crlf'?: boolean;
  silent?: boolean;
  output?: string;
  timings?: boolean;
  fail?: boolean;
  'keep-alive'?: boolean;
  repeat: number;
  pipeline: number;
  'connect-timeout': number;
  'max-time'?: number;
  'idle-timeout': number;
  'max-header-size': number;
  'max-headers': number;
  'max-body'?: number;
  '4'?: boolean;
  '6'?: boolean;
}

// Not `array: true`: yargs would swallow the URL after `-H 'A: b'`. Repeating a string option collects an array.
const strings = { type: 'string', requiresArg: true } as const;

/** http's options: yargs builds --help and parses unusual lines from it; fast-args.ts parses the usual ones. */
export const HTTP_OPTIONS = {
  request: { alias: 'X', type: 'string', requiresArg: true, describe: 'Method (default GET, POST with -d/-F)' },
  head: { alias: 'I', type: 'boolean', describe: 'Send HEAD and show the response head' },
  header: { alias: 'H', ...strings, describe: "Header 'Name: value' ('Name:' removes a default, 'Name;' sends it empty)" },
  data: { alias: 'd', ...strings, describe: 'Body data (@FILE reads a file without CR/LF, like curl; several are joined with &)' },
  'data-binary': { ...strings, describe: 'Body data, @FILE read byte for byte (@- = stdin)' },
  form: { alias: 'F', ...strings, describe: 'multipart/form-data part: name=value, name=@FILE[;type=MIME][;filename=NAME], name=<FILE' },
  'form-string': { ...strings, describe: 'multipart part whose value is taken literally' },
  boundary: { type: 'string', requiresArg: true, describe: 'Fixed multipart boundary (reproducible bodies)' },
  'request-target': { type: 'string', requiresArg: true, describe: 'Send this exact request target instead of the URL path' },
  'user-agent': { alias: 'A', type: 'string', requiresArg: true, describe: 'User-Agent (default nettk/VERSION)' },
  raw: { type: 'boolean', describe: 'Send TEXT exactly (echo -e escapes), print the response bytes exactly' },
  tls: { type: 'boolean', describe: 'TLS even without https:// (for --raw)' },
  insecure: { alias: 'k', type: 'boolean', describe: 'Accept a certificate that does not verify' },
  cacert: { type: 'string', requiresArg: true, describe: 'PEM file of CA certificates to verify the server with' },
  'print-request': { type: 'boolean', describe: 'Print the exact request bytes and exit (no network)' },
  include: { alias: 'i', type: 'boolean', describe: 'Include status line and headers in the output' },
  verbose: { alias: 'v', type: 'boolean', describe: 'Transcript on stderr: > sent, < received, * connection events' },
  'show-crlf': { type: 'boolean', describe: 'With -v: show line ends as \\r\\n' },
  silent: { alias: 's', type: 'boolean', describe: 'No status line or warnings on stderr (errors still shown)' },
  output: { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the body to FILE' },
  timings: { type: 'boolean', describe: 'dns, connect, tls, ttfb, total: per phase and cumulative (curl -w)' },
  fail: { alias: 'f', type: 'boolean', describe: 'Exit 1 on a 4xx/5xx response (like curl -f)' },
  'keep-alive': { type: 'boolean', describe: 'Reuse one connection for several URLs / --repeat (no Connection: close)' },
  repeat: { type: 'number', default: 1, requiresArg: true, describe: 'Send each request N times (implies --keep-alive)' },
  pipeline: { type: 'number', default: 1, requiresArg: true, describe: 'Keep up to N requests in flight on one connection (HTTP/1.1 pipelining; idempotent methods)' },
  'connect-timeout': { type: 'number', default: 10, requiresArg: true, describe: 'Seconds for DNS + connect + TLS' },
  'max-time': { type: 'number', requiresArg: true, describe: 'Seconds for each whole request, connect included' },
  'idle-timeout': { type: 'number', default: 30, requiresArg: true, describe: 'Seconds of silence from the server before giving up' },
  'max-header-size': { type: 'number', default: 65536, requiresArg: true, describe: 'Cap on a response head in bytes' },
  'max-headers': { type: 'number', default: 256, requiresArg: true, describe: 'Cap on the number of response header fields' },
  'max-body': { type: 'number', requiresArg: true, describe: 'Cap on a response body in bytes (default 64 MiB with --json)' },
  '4': { type: 'boolean', describe: 'IPv4 only' },
  '6': { type: 'boolean', describe: 'IPv6 only' },
} as const satisfies Record<string, FastOption>;

export const httpCommand: CommandModule<GlobalArgs, HttpArgs> = {
  command: 'http [args..]',
  describe: 'Raw HTTP/1.1 over TCP: exact bytes, correct framing, multipart, timings (curl/nc for HTTP)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .usage('nettk http [METHOD] URL... [options]\nnettk http --raw HOST PORT [TEXT]   (TEXT with echo -e escapes; stdin when TEXT is - or absent)')
      .positional('args', { type: 'string', array: true, describe: '[METHOD] URL..., or with --raw: HOST PORT [TEXT]' })
      .options(HTTP_OPTIONS)
      .conflicts('4', '6')
      .example('nettk http http://127.0.0.1:8080/health', 'GET; body to stdout, status on stderr')
      .example('nettk http POST localhost:3000/api -H "Content-Type: application/json" -d \'{"a":1}\'', 'POST with a body')
      .example('nettk http localhost:3000/upload -F file=@report.pdf -F note=hi', 'multipart/form-data upload')
      .example('nettk http -v --show-crlf https://example.com', 'Full transcript with visible CR/LF')
      .example("nettk http --raw 127.0.0.1 80 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'", 'Exact bytes; ends when the response is complete')
      .example('nettk http --keep-alive --repeat 100 --timings -s localhost:8080/ -o /dev/null', 'One connection, 100 requests')
      .example('nettk http --json -I localhost:8080/', 'One JSON document') as unknown as Argv<HttpArgs>,
  handler: lazy(async () => (await import('../run/http.js')).runHttp),
};
