/**
 * A parser for the plain command lines of commands with many options, so
 * that a one-shot `nettk http URL` does not pay for yargs (~10-15 ms of
 * building and parsing 35 options, twice over, before the first byte is
 * sent). It takes only what it is sure yargs reads the same way, from the
 * same option table the yargs builder uses, and gives up (undefined) on
 * anything else: help, `--`, `-`, `--no-*`, clusters like `-sv`, `-Xpost`, a
 * value that starts with `-`, a boolean followed by true/false, a repeated
 * boolean or number, an unknown flag, a missing value, a number that is not
 * plain decimal, conflicting flags. yargs then parses the line and reports
 * any error in its own words. main.test.ts holds each answer against yargs'.
 */
export interface FastOption {
  type: 'string' | 'boolean' | 'number';
  alias?: string;
  default?: string | number | boolean;
  requiresArg?: boolean;
  describe?: string;
}

export type FastTable = Readonly<Record<string, FastOption>>;

export interface FastCommand {
  /** The first word of the line. */
  name: string;
  /** The variadic positional (`http [args..]`). */
  positional: string;
  options: FastTable;
  /** Pairs of options that cannot be given together. */
  conflicts?: ReadonlyArray<readonly [string, string]>;
}

const PLAIN_NUMBER = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?$/;

export function fastArgs(command: FastCommand, globals: FastTable, argv: readonly string[]): Record<string, unknown> | undefined {
  if (argv[0] !== command.name) return undefined;
  const byName = new Map<string, string>();
  for (const table of [globals, command.options]) {
    for (const [name, o] of Object.entries(table)) {
      byName.set(name, name);
      if (o.alias !== undefined) byName.set(o.alias, name);
    }
  }
  const spec = (name: string): FastOption => (command.options[name] ?? globals[name]) as FastOption;
  const args: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '-') return undefined; // yargs does not keep it among the positionals
    if (word[0] !== '-') {
      positionals.push(word);
      continue;
    }
    let flag: string;
    let inline: string | undefined;
    if (word[1] === '-') {
      const eq = word.indexOf('=');
      flag = eq < 0 ? word.slice(2) : word.slice(2, eq);
      inline = eq < 0 ? undefined : word.slice(eq + 1);
      if (flag.length < 2) return undefined; // "--", "--x"
    } else {
      if (word.length !== 2) return undefined; // -sv, -Xpost, -1
      flag = word[1] as string;
    }
    const name = byName.get(flag);
    if (name === undefined) return undefined;
    const o = spec(name);
    if (o.type === 'boolean') {
      if (inline !== undefined || name in args) return undefined;
      const next = argv[i + 1];
      if (next === 'true' || next === 'false') return undefined;
      args[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
    }
    if (o.type === 'number') {
      if (name in args || !PLAIN_NUMBER.test(value)) return undefined;
      args[name] = Number(value);
    } else {
      const before = args[name];
      args[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
    }
  }
  for (const [a, b] of command.conflicts ?? []) if (a in args && b in args) return undefined;
  for (const table of [globals, command.options]) {
    for (const [name, o] of Object.entries(table)) if (!(name in args) && o.default !== undefined) args[name] = o.default;
  }
  args[command.positional] = positionals;
  args._ = [command.name];
  args.$0 = 'nettk';
  return args;
}
