import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs once before the suite. The end-to-end tests spawn bin/nettk.js, which
 * needs the built bundle: fail fast with one line instead of 100 confusing failures.
 */
export default function setup(): void {
  const bundle = fileURLToPath(new URL('../packages/cli/dist/bundle/nettk.cjs', import.meta.url));
  if (!existsSync(bundle)) {
    throw new Error('nettk is not built: run `npm run build` (npm test does it for you)');
  }
}
