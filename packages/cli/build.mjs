// Bundle the CLI entry with esbuild after tsc has type-checked and emitted
// dist/. One file for the start-up path (yargs, core, probe) cuts module
// resolution and parse time; dynamic imports of runners become chunks that
// load only when their command runs. Heavy third-party modules stay external
// and load from node_modules on first use.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    const shim = new URL('./build-support/fast-string-width.js', import.meta.url).pathname;
    // The shim's own import of string-width resolves normally (returns undefined).
    b.onResolve({ filter: /^string-width$/ }, (args) => (args.importer === shim ? undefined : { path: shim }));
  },
};

const outdir = new URL('./dist/bundle/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [
    { in: new URL('./dist/cli.js', import.meta.url).pathname, out: 'cli' },
    // Loaded by @nettk/probe as new URL('./probe-worker.js', import.meta.url): it must sit beside the chunks.
    { in: new URL('../probe/dist/probe-worker.js', import.meta.url).pathname, out: 'probe-worker' },
  ],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  external: ['ink', 'react', 'react/*', 'ora', 'execa', 'yaml', 'prom-client', 'ink-testing-library'],
  logLevel: 'warning',
  plugins: [fastStringWidth],
  banner: { js: "import { createRequire as __nettkCreateRequire } from 'node:module'; const require = __nettkCreateRequire(import.meta.url);" },
});
