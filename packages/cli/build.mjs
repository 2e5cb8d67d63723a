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
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

const here = (p) => new URL(p, import.meta.url).pathname;
// Build into a fresh directory and swap it in at the end, so a running
// bin/nettk.js (a test, another shell) never sees a half-written bundle.
const finalDir = here('./dist/bundle');
const outdir = `${await mkdtemp(here('./dist/bundle-'))}/`;
await chmod(outdir, 0o755); // mkdtemp makes it 0700: other users run nettk too

/**
 * Edit a dependency's source as esbuild loads it: each [from, to] must be
 * found (the build fails if the package changed under the patch, rather than
 * quietly shipping it unpatched); `prefix` goes before the edited source.
 */
function patchSource(b, filter, what, edits, prefix = '') {
  b.onLoad({ filter }, async (args) => {
    let source = await readFile(args.path, 'utf8');
    for (const [from, to] of edits) {
      if (!source.includes(from)) throw new Error(`build.mjs: ${what} changed; review its patch (${from.split('\n')[0]})`);
      source = source.replace(from, to);
    }
    return { contents: prefix + source, loader: 'js' };
  });
}

const startupPatches = {
  name: 'nettk-startup-patches',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, () => ({ path: here('./build-support/fast-string-width.js') }));
    // Only yargs' platform shim imports assert (strictEqual, notStrictEqual).
    b.onResolve({ filter: /^assert$/ }, (args) => (/yargs[\\/]lib[\\/]platform-shims/.test(args.importer) ? { path: here('./build-support/tiny-assert.js') } : undefined));
    // cliui lays out yargs' help through wrap-ansi, whose escape-tracking pass is
    // most of a --help; build-support/fast-wrap-ansi.js skips it for plain ASCII.
    b.onResolve({ filter: /^wrap-ansi$/ }, (args) => (/[\\/]cliui[\\/]/.test(args.importer) ? { path: here('./build-support/fast-wrap-ansi.js') } : undefined));
    // The yargs factory calls .version() with no argument, which walks up from
    // the working directory reading directories for a package.json (~1.5 ms);
    // nettk always calls .version(VERSION) itself (main.ts).
    // getInternalMethods() binds seventeen methods into a new object on every
    // call, and yargs calls it for nearly every option and parse step (a
    // one-port probe: ~120 KB of garbage); the object is the same each time.
    patchSource(b, /yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/, 'yargs', [
      ['yargs.help();\n        yargs.version();', 'yargs.help(); /* nettk: main.ts sets the version */'],
      ['    getInternalMethods() {\n        return {', '    getInternalMethods() {\n        return this.nettkInternalMethods ??= {'],
    ]);
    // yargs' ESM platform shim and yargs-parser resolve their own URL and build
    // a require() when they load (node:module, url parsing: ~3 ms). In the bundle
    // their file is the bundle itself, and that require() only serves
    // commandDir() and config files, which nettk does not use: build it on first call.
    const lazyRequire = "const require = (id) => process.getBuiltinModule('node:module').createRequire(__filename)(id);";
    patchSource(b, /yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/, 'yargs', [
      ["import { createRequire } from 'node:module';", ''],
      ['const __dirname = fileURLToPath(import.meta.url);', 'const __dirname = __filename;'],
      ['const require = createRequire(import.meta.url);', lazyRequire],
    ]);
    patchSource(b, /yargs-parser[\\/]build[\\/]lib[\\/]index\.js$/, 'yargs-parser', [
      ["import { createRequire } from 'node:module';", ''],
      ['const require = createRequire ? createRequire(import.meta.url) : undefined;', lazyRequire],
    ]);
    // yargs checks the arguments of every API call against a signature string
    // that it parses with regular expressions on every call (argsert.js); a
    // command with thirty options makes hundreds of them. The signatures are
    // constants and the parse is only read: parse each once.
    patchSource(
      b,
      /yargs[\\/]build[\\/]lib[\\/]argsert\.js$/,
      'yargs',
      [['parseCommand(`cmd ${arg1}`)', 'nettkSignature(arg1)']],
      'const nettkSignatures = new Map();\nconst nettkSignature = (s) => { let p = nettkSignatures.get(s); if (!p) nettkSignatures.set(s, (p = parseCommand(`cmd ${s}`))); return p; };\n',
    );
    // yargs renders and caches the full help before running any command so that a
    // handler may call showHelp() later (yargs/build/lib/command.js). No nettk
    // handler does, and the render costs ~20 ms of every run.
    patchSource(b, /yargs[\\/]build[\\/]lib[\\/]command\.js$/, 'yargs', [
      ['yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();', '/* nettk: help rendered on demand only */'],
    ]);
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
  charset: 'ascii',
  external,
  logLevel: 'warning',
  plugins: [startupPatches],
};

// Bundles are CommonJS and pre-wrapped as one function expression, the way
// bin/nettk.js calls them: it compiles them with vm.Script against a code
// cache, and a pre-wrapped file spares it a concatenation that V8 would have
// to flatten (another copy of the whole source) on every start.
const PARAMS = 'exports, require, module, __filename, __dirname, __nettkImport, __nettkRunner';
// import.meta.url has no CommonJS meaning: give code that locates files
// beside itself (the probe worker) its bundle's own URL, computed on first use.
const bundleUrl = {
  define: { 'import.meta.url': '__nettkBundleUrl.href' },
  banner: { js: "const __nettkBundleUrl = { get href() { return require('node:url').pathToFileURL(__filename).href; } };" },
};

// Every runner except probe's (the start-up fast path) becomes a bundle of its
// own, run-NAME.cjs, loaded by bin/nettk.js only when its command runs: the
// shell that every command pays for reads and deserialises a third of the code.
// Runner bundles share the shell's @nettk/core (its error classes are checked
// with instanceof when the shell maps an error to an exit code).
// A runner's own lazily imported parts (redis' REPL, --pipe, --stat...) are
// bundles of their own in the same way, so a one-shot `nettk redis ping`
// does not read them.
const runners = new Set();
const splitRunners = {
  name: 'nettk-split-runners',
  setup(b) {
    const runner = (name) => {
      runners.add(name);
      return { path: `nettk-runner:${name}`, external: true };
    };
    b.onResolve({ filter: /^\.\.\/run\/[\w-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.path === '../run/probe.js') return undefined;
      return runner(`run-${args.path.slice('../run/'.length, -'.js'.length)}`);
    });
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]dist[\\/]run$/.test(dirname(args.importer))) return undefined;
      return runner(`run-${args.path.slice('./'.length, -'.js'.length)}`);
    });
  },
};

await build({
  ...common,
  ...bundleUrl,
  plugins: [...common.plugins, splitRunners],
  entryPoints: [here('./dist/cli.js')],
  outfile: `${outdir}nettk.cjs`,
  format: 'cjs',
});
// Runner bundles may name further runners: build until none is new.
for (const built = new Set(); built.size < runners.size; ) {
  const batch = [...runners].filter((name) => !built.has(name));
  for (const name of batch) built.add(name);
  await build({
    ...common,
    ...bundleUrl,
    plugins: [...common.plugins, splitRunners],
    external: [...common.external, '@nettk/core'],
    entryPoints: Object.fromEntries(batch.map((name) => [name, here(`./dist/run/${name.slice('run-'.length)}.js`)])),
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
  });
}

// A bundle runs inside vm.Script (for the code cache), where a native
// import() has no loader on Node 20 (and vm's USE_MAIN_CONTEXT_DEFAULT_LOADER
// fails with cached code and prints an experimental warning). Every dynamic
// import therefore goes through __nettkImport (bin/nettk.js's own import) and
// every runner through __nettkRunner (bin/nettk.js's bundle loader).
for (const name of ['nettk', ...runners]) {
  const file = `${outdir}${name}.cjs`;
  const code = (await readFile(file, 'utf8'))
    .replace(/\bimport\((["'])nettk-runner:([\w-]+)\1\)/g, '__nettkRunner("$2")')
    .replace(/\bimport\((["'][^"']+["'])\)/g, '__nettkImport($1)');
  const left = /\bimport\(/.exec(code);
  if (left) throw new Error(`build.mjs: a dynamic import() with a computed specifier is left in ${name}.cjs: ${code.slice(left.index, left.index + 80)}`);
  // bin/nettk.js reads bundles as latin1 (a one-byte string, no UTF-8 pass): they must be ASCII.
  const wide = /[^\x00-\x7f]/.exec(code);
  if (wide) throw new Error(`build.mjs: a non-ASCII character is left in ${name}.cjs (write it as an escape in the source): ${code.slice(Math.max(0, wide.index - 60), wide.index + 20)}`);
  await writeFile(file, `(function (${PARAMS}) {${code}\n})`);
}

// @nettk/probe starts new URL('./probe-worker.js', import.meta.url) as a worker thread.
await build({ ...common, entryPoints: [here('../probe/dist/probe-worker.js')], outfile: `${outdir}probe-worker.js`, format: 'esm' });
// @nettk/selfconnect likewise starts new URL('./selfconnect-worker.js', import.meta.url) for a loop in threads.
await build({ ...common, entryPoints: [here('../selfconnect/dist/selfconnect-worker.js')], outfile: `${outdir}selfconnect-worker.js`, format: 'esm' });

// Swap the new bundle in (two renames: the gap is microseconds, not a build).
const trash = `${finalDir}-old-${process.pid}`;
await rename(finalDir, trash).catch(() => {});
await rename(outdir, finalDir);
await rm(trash, { recursive: true, force: true });

// Warm the code caches: run the commands whose start-up matters, against a
// loopback server of our own that answers an HTTP GET and a Redis command,
// and let each run write the cache of the bundles it should leave one for.
// The shell's cache comes from --help and a probe only, so that it holds what
// every command needs and little else.
const server = createServer((socket) => {
  socket.on('error', () => {});
  socket.once('data', (data) => {
    if (data.subarray(0, 4).toString() === 'GET ') socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n');
    else if (data[0] === 0x2a) socket.end('+PONG\r\n');
    else socket.destroy();
  });
  socket.setTimeout(10_000, () => socket.destroy());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = String(server.address().port);
const bin = here('../../bin/nettk.js');
const warmups = [
  [['--help'], 'nettk'],
  [['probe', '127.0.0.1', port, '--json'], 'nettk'],
  [['http', '-s', `http://127.0.0.1:${port}/`], 'run-http'],
  [['redis', '-p', port, 'ping'], 'run-redis'],
  [['who', port], 'run-who'],
  [['ports'], 'run-ports'],
  [['sockets', '--summary'], 'run-sockets'],
];
for (const [args, caches] of warmups) {
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NETTK_WRITE_CODE_CACHE: caches }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 30_000 });
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c));
  });
  // who exits 1 when nobody else holds the port; that still warms its cache.
  if (code !== 0 && !(code === 1 && args[0] === 'who')) console.warn(`build.mjs: warming the code cache with "nettk ${args.join(' ')}" exited ${code}`);
}
server.close();
