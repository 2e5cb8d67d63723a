// `npm run bench [names...]`: runs bench/*.mjs (or the named ones) one after another.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'lib.mjs' && !f.endsWith('-support.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, [dir + f], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
