import { readFileSync } from 'node:fs';

/**
 * TCP service names. A built-in table covers what operators type most; the
 * system's /etc/services (read once, lazily) fills in the rest, as nc does.
 */
const BUILTIN: ReadonlyArray<readonly [string, number]> = [
  ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25],
  ['domain', 53], ['dns', 53], ['http', 80], ['www', 80], ['pop3', 110],
  ['sunrpc', 111], ['ntp', 123], ['imap', 143], ['snmp', 161], ['ldap', 389],
  ['https', 443], ['smb', 445], ['microsoft-ds', 445], ['submissions', 465],
  ['smtps', 465], ['submission', 587], ['ldaps', 636], ['imaps', 993],
  ['pop3s', 995], ['mssql', 1433], ['ms-sql-s', 1433], ['oracle', 1521],
  ['mqtt', 1883], ['nfs', 2049], ['etcd', 2379], ['mysql', 3306], ['rdp', 3389],
  ['postgresql', 5432], ['postgres', 5432], ['amqp', 5672], ['vnc', 5900],
  ['redis', 6379], ['kube-apiserver', 6443], ['http-alt', 8080],
  ['webcache', 8080], ['https-alt', 8443], ['prometheus', 9090],
  ['node-exporter', 9100], ['blackbox-exporter', 9115], ['kafka', 9092],
  ['elasticsearch', 9200], ['memcached', 11211], ['mongodb', 27017],
];

interface ServiceTable {
  byName: Map<string, number>;
  byPort: Map<number, string>;
}

let table: ServiceTable | undefined;
let servicesText: string | undefined;
let singleLookups = 0;

function systemServices(): string {
  if (servicesText === undefined) {
    try {
      servicesText = readFileSync('/etc/services', 'latin1');
    } catch {
      servicesText = ''; // No /etc/services (minimal containers): the built-in table is enough.
    }
  }
  return servicesText;
}

function load(): ServiceTable {
  if (table) return table;
  const byName = new Map<string, number>();
  const byPort = new Map<number, string>();
  for (const raw of systemServices().split('\n')) {
    const hash = raw.indexOf('#');
    const fields = (hash >= 0 ? raw.slice(0, hash) : raw).split(/[ \t]+/).filter(Boolean);
    const [name, portProto, ...aliases] = fields;
    if (!name || !portProto || !portProto.endsWith('/tcp')) continue;
    const port = Number(portProto.slice(0, -4));
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    if (!byPort.has(port)) byPort.set(port, name);
    for (const n of [name, ...aliases]) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), port);
  }
  for (const [name, port] of BUILTIN) {
    if (!byName.has(name)) byName.set(name, port);
    if (!byPort.has(port)) byPort.set(port, name);
  }
  table = { byName, byPort };
  return table;
}

/** The TCP port of a service name (`ssh` → 22), or undefined. */
export function portForService(name: string): number | undefined {
  return load().byName.get(name.toLowerCase());
}

/**
 * The service name of a TCP port (`8080` → `http-alt`), or undefined. A
 * one-port probe needs one name: the first few lookups search the file's text
 * for that port's line (the first line naming it wins, as in the table)
 * instead of building the whole table on the start-up path.
 */
export function serviceForPort(port: number): string | undefined {
  if (table || ++singleLookups > 8 || !Number.isInteger(port)) return load().byPort.get(port);
  const line = new RegExp(`^[ \\t]*([^#\\s]+)[ \\t]+0*${port}/tcp(?=[\\s#]|$)`, 'm').exec(systemServices());
  if (line) return line[1];
  return BUILTIN.find(([, p]) => p === port)?.[0];
}
