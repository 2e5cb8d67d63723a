/** `nettk redis --help`: redis-cli's flags, nettk's additions, examples and exit codes. */
export const REDIS_HELP = `Usage: nettk redis [OPTIONS] [cmd [arg [arg ...]]]

Talk to a Redis server like redis-cli. Options come before the command;
everything after the first non-option word is the command.

Connection
  -h <host>            Server host (default 127.0.0.1)
  -p <port>            Server port (default 6379)
  -a <password>        Password (or REDISCLI_AUTH in the environment); --pass too
  --user <user>        ACL user (Redis 6+)
  -u <uri>             redis://[user:password@]host[:port][/db], rediss:// for TLS
  -n <db>              Database number (SELECT)
  -2 / -3              RESP2 (default) / RESP3 via HELLO 3, falling back to RESP2
  --tls                TLS; --sni <name>, --cacert <file>, --cert <file>, --key <file>, --insecure
  -4 / -6              IPv4 / IPv6 only
  -t <seconds>         Deadline for connect + handshake + a first reply (default 5)
  --command-timeout <seconds>  Deadline for every reply (default none: blocking commands wait)

Output
  --raw / --no-raw     Force raw / formatted output (default: formatted on a terminal)
  --json               One JSON document per reply (errors as {"error":"..."})
  --binary             Write a bulk reply's bytes exactly, no newline added
  -d <delim>, -D <delim>  Raw-mode delimiters between elements / after a reply
  --show-wire          Print every byte sent and received on stderr, with the RESP types explained
  --no-error-exit      Exit 0 even when the server replied with an error (redis-cli's default)

Modes
  -x                   Read the last argument from stdin
  -r <n> -i <seconds>  Repeat the command n times (-1: forever), waiting between runs
  --pipe               Send stdin (RESP or inline commands) pipelined; prints errors and replies
  --pipe-timeout <s>   Give up on --pipe replies after this many seconds of silence (default 30, 0 = never)
  --latency            Round-trip times of PING in microseconds: min/avg/max/p50/p99, until Ctrl-C
  --latency-history    The same, a new line every -i seconds (default 15)
  --stat               Keys, memory, clients, ops/s every -i seconds (default 1)
  --scan [--pattern P] [--count N]   List keys with SCAN
  (no command)         A REPL on a terminal; otherwise one command per line from stdin

Examples
  nettk redis ping
  nettk redis -h 10.0.0.5 -a secret -n 2 get user:1
  nettk redis --binary get image > image.png
  cat data.resp | nettk redis --pipe
  nettk redis -3 --show-wire hgetall h
  nettk redis --latency -i 1

Exit codes: 0 success, 1 the server replied with an error, 2 usage error,
3 connection failure (refused, timeout, not RESP, authentication failed).
`;
