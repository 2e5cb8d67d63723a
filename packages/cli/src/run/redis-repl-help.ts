import { oneLineMessage, visible } from '@nettk/core';
import { RespMap, textOf, type RedisClient, type RespValue } from '@nettk/redis';

const GENERAL = `nettk redis (redis-cli compatible)
To get help about Redis commands type:
      "help <command>" for help on <command>
      "help @<group>" to list the commands in <group> (string, hash, list, ...)
      "N <command>" to run a command N times
      "connect <host> [port]" to connect to another server
      "quit" to exit
`;

/** A reply that is a map (RESP3) or a flat key/value array (RESP2) as a Map by text key. */
export function asMap(value: RespValue | undefined): Map<string, RespValue> {
  const out = new Map<string, RespValue>();
  if (value instanceof RespMap) for (const [k, v] of value.entries) out.set(textOf(k) ?? String(k), v);
  else if (Array.isArray(value)) for (let i = 0; i + 1 < value.length; i += 2) out.set(textOf(value[i]!) ?? String(value[i]), value[i + 1]!);
  return out;
}

// COMMAND DOCS text comes from the server: escaped before it reaches the screen.
const text = (v: RespValue | undefined): string => (v === undefined ? '' : visible(textOf(v) ?? String(v), { keepNewlines: false }));
const list = (v: RespValue | undefined): RespValue[] => (Array.isArray(v) ? v : []);

/** One COMMAND DOCS argument as redis-cli renders it: tokens, `[optional]`, `a|b`, `x [x ...]`. */
export function renderArgument(arg: RespValue): string {
  const a = asMap(arg);
  const type = text(a.get('type'));
  const flags = list(a.get('flags')).map(text);
  const token = a.has('token') ? text(a.get('token')) : undefined;
  const subs = list(a.get('arguments'));
  let body: string;
  if (type === 'pure-token') body = token ?? text(a.get('name'));
  else if (type === 'oneof') body = subs.map(renderArgument).join('|');
  else if (type === 'block') body = subs.map(renderArgument).join(' ');
  else body = text(a.get('display_text') ?? a.get('name'));
  if (token !== undefined && type !== 'pure-token') body = `${token} ${body}`;
  if (flags.includes('multiple')) body = `${body} [${body} ...]`;
  return flags.includes('optional') ? `[${body}]` : body;
}

/** `help CMD` from the server's own COMMAND DOCS (Redis 7), so it matches the server's version. */
export async function commandHelp(client: RedisClient | undefined, args: string[]): Promise<string> {
  if (args.length === 0) return GENERAL;
  if (!client || client.error) return '(not connected: help needs COMMAND DOCS from the server)\n';
  try {
    if (args[0]!.startsWith('@')) return await groupHelp(client, args[0]!.slice(1).toLowerCase());
    const name = args.join(' ').toLowerCase();
    const docs = asMap(await client.call('COMMAND', 'DOCS', ...(args.length > 1 ? [args.join('|').toLowerCase()] : [name])));
    const doc = docs.get(name) ?? docs.get(args.join('|').toLowerCase()) ?? [...docs.values()][0];
    if (doc === undefined) return `(no help for "${args.join(' ')}")\n`;
    return formatDoc(args.join(' ').toUpperCase(), asMap(doc));
  } catch (error) {
    return `(help unavailable: ${visible(oneLineMessage(error), { keepNewlines: false })})\n`;
  }
}

function formatDoc(name: string, d: Map<string, RespValue>): string {
  const syntax = [name, ...list(d.get('arguments')).map(renderArgument)].join(' ');
  let out = `\n  ${syntax}\n  summary: ${text(d.get('summary'))}\n  since: ${text(d.get('since'))}\n  group: ${text(d.get('group'))}\n`;
  if (d.has('deprecated_since')) out += `  deprecated since: ${text(d.get('deprecated_since'))}\n`;
  return out + '\n';
}

async function groupHelp(client: RedisClient, group: string): Promise<string> {
  const docs = asMap(await client.call('COMMAND', 'DOCS'));
  const names = [...docs].filter(([, d]) => text(asMap(d).get('group')) === group).map(([n]) => n).sort();
  if (names.length === 0) return `(no commands in group "${group}")\n`;
  return names.map((n) => formatDoc(visible(n.toUpperCase().replace('|', ' '), { keepNewlines: false }), asMap(docs.get(n)))).join('');
}
