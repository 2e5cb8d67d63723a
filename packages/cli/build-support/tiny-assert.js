// Bundled in place of node:assert for yargs, which only calls these two at
// run time. Loading node:assert costs ~4 ms of every start-up.
export function strictEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(message ?? `Expected ${String(actual)} to be ${String(expected)}`);
}
export function notStrictEqual(actual, expected, message) {
  if (actual === expected) throw new Error(message ?? `Expected ${String(actual)} not to be ${String(expected)}`);
}
export default { strictEqual, notStrictEqual };
