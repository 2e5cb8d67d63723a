import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Lives in test/ (the top level is fixed by the design card); paths are from the repo root.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    // Tests that scan all of 127.0.0.1 run alone in a second pass (npm test sets NETTK_SERIAL=1).
    include: process.env.NETTK_SERIAL ? ['test/probe-fullscan.test.ts'] : ['packages/*/src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**', ...(process.env.NETTK_SERIAL ? [] : ['test/probe-fullscan.test.ts'])],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only add scheduling noise to timing-sensitive socket tests.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
