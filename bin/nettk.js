#!/usr/bin/env node
// Loads the CLI bundle (packages/cli/build.mjs) through a V8 code cache:
// start-up dominates short commands, and the cache skips parsing and
// compiling ~300 KB of JavaScript. A stale or foreign cache is simply
// rejected by V8 and the bundle compiles as usual. Builtins come through
// getBuiltinModule, not `import`: an ESM import of node:fs builds a facade
// that touches every export and loads all of node:stream.
const fs = process.getBuiltinModule('node:fs');
const vm = process.getBuiltinModule('node:vm');
const { createRequire } = process.getBuiltinModule('node:module');
const { fileURLToPath } = process.getBuiltinModule('node:url');

const bundle = fileURLToPath(new URL('../packages/cli/dist/bundle/nettk.cjs', import.meta.url));
const cacheFile = `${bundle}.cache`;
let code;
try {
  code = fs.readFileSync(bundle, 'utf8');
} catch {
  process.stderr.write('nettk: not built yet: run `npm install` (or `npm run build`) in the nettk checkout\n');
  process.exit(3);
}
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // no cache yet: compile normally
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __nettkImport) {${code}\n})`, {
  filename: bundle,
  cachedData,
});
const module = { exports: {} };
// The bundle's dynamic imports (ink, ora, execa, ...) resolve from here: same package, same node_modules.
const load = (specifier) => import(specifier);
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, fileURLToPath(new URL('.', `file://${bundle}`)), load);
await module.exports.run();
if (process.env.NETTK_WRITE_CODE_CACHE === '1') fs.writeFileSync(cacheFile, script.createCachedData());
