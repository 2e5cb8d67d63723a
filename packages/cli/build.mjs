// Bundle the CLI after tsc has type-checked and emitted dist/.
//
// Start-up is most of a one-port probe's wall time, so the bundle is shaped
// for it (measured in bench/startup.mjs):
// - one CommonJS file, dist/bundle/nettk.cjs: the ESM loader's per-module
//   resolve/translate work disappears; runners stay lazy (esbuild wraps each
//   dynamically imported module in an init function that runs on first use);
// - a V8 code cache beside it (nettk.cjs.cache), written by running the CLI
//   once here, so later starts skip parsing and compiling (bin/nettk.js);
// - string-width is swapped for an ASCII fast path, and yargs' habit of
//   rendering the whole help text before every command is removed;
// - heavy packages (ink, react, ora, execa, yaml, prom-client) stay external
//   and are imported only by the code paths that use them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';

const here = (p) => new URL(p, import.meta.url).pathname;
// Build into a fresh directory and swap it in at the end, so a running
// bin/nettk.js (a test, another shell) never sees a half-written bundle.
const finalDir = here('./dist/bundle');
const outdir = `${await mkdtemp(here('./dist/bundle-'))}/`;
await chmod(outdir, 0o755); // mkdtemp makes it 0700: other users run nettk too

const startupPatches = {
  name: 'nettk-startup-patches',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, () => ({ path: here('./build-support/fast-string-width.js') }));
    // Only yargs' platform shim imports assert (strictEqual, notStrictEqual).
    b.onResolve({ filter: /^assert$/ }, (args) => (/yargs[\\/]lib[\\/]platform-shims/.test(args.importer) ? { path: here('./build-support/tiny-assert.js') } : undefined));
    // yargs renders and caches the full help before running any command so that a
    // handler may call showHelp() later (yargs/build/lib/command.js). No nettk
    // handler does, and the render costs ~20 ms of every run.
    b.onLoad({ filter: /yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';
      if (!source.includes(call)) throw new Error('build.mjs: yargs changed; review the cacheHelpMessage patch');
      return { contents: source.replace(call, '/* nettk: help rendered on demand only */'), loader: 'js' };
    });
  },
};

const external = ['ink', 'react', 'react/*', 'ora', 'execa', 'yaml', 'prom-client', 'ink-testing-library'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  legalComments: 'none',
  external,
  logLevel: 'warning',
  plugins: [startupPatches],
};

await build({
  ...common,
  entryPoints: [here('./dist/cli.js')],
  outfile: `${outdir}nettk.cjs`,
  format: 'cjs',
  // import.meta.url has no CommonJS meaning: give code that locates files
  // beside itself (the probe worker) the bundle's own URL.
  define: { 'import.meta.url': '__nettkBundleUrl' },
  banner: { js: "const __nettkBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The bundle runs inside vm.Script (for the code cache), where a native
// import() has no loader on Node 20 (and vm's USE_MAIN_CONTEXT_DEFAULT_LOADER
// fails with cached code and prints an experimental warning). Every dynamic
// import therefore goes through __nettkImport, which bin/nettk.js provides
// from its own (ESM) scope.
{
  const file = `${outdir}nettk.cjs`;
  const code = (await readFile(file, 'utf8')).replace(/\bimport\((["'][^"']+["'])\)/g, '__nettkImport($1)');
  const left = /\bimport\(/.exec(code);
  if (left) throw new Error(`build.mjs: a dynamic import() with a computed specifier is left in the bundle: ${code.slice(left.index, left.index + 80)}`);
  await writeFile(file, code);
}

// @nettk/probe starts new URL('./probe-worker.js', import.meta.url) as a worker thread.
await build({ ...common, entryPoints: [here('../probe/dist/probe-worker.js')], outfile: `${outdir}probe-worker.js`, format: 'esm' });

// Swap the new bundle in (two renames: the gap is microseconds, not a build).
const trash = `${finalDir}-old-${process.pid}`;
await rename(finalDir, trash).catch(() => {});
await rename(outdir, finalDir);
await rm(trash, { recursive: true, force: true });

// Warm the code cache: run a --help and a one-port probe against a listener of our own.
const server = createServer((s) => s.destroy());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const bin = here('../../bin/nettk.js');
const env = { ...process.env, NETTK_WRITE_CODE_CACHE: '1' };
for (const args of [['--help'], ['probe', '127.0.0.1', String(server.address().port), '--json']]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 30_000 });
  if (r.status !== 0) console.warn(`build.mjs: warming the code cache with "nettk ${args.join(' ')}" exited ${r.status}`);
}
server.close();
