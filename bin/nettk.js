#!/usr/bin/env node
'use strict';
// Loads the CLI (packages/cli/build.mjs): the shell bundle nettk.cjs, then the
// runner bundle of the command that runs (run-http.cjs, ...), each compiled
// through a V8 code cache beside it. Start-up dominates short commands and
// the cache skips parsing and compiling; a stale or foreign cache is simply
// rejected by V8 and the bundle compiles as usual.
// This file is CommonJS (bin/package.json): an ES module entry makes Node set
// up its ESM loader first, ~10 ms of every run. Builtins come through
// getBuiltinModule, which loads only the module asked for.
const fs = process.getBuiltinModule('node:fs');
const vm = process.getBuiltinModule('node:vm');

const dir = `${__dirname}/../packages/cli/dist/bundle`;
const loaded = [];
// What the bundles' import() calls become: ink, ora, execa... resolve from
// here (same package, same node_modules), through Node's ESM loader.
const importEsm = (specifier) => import(specifier);
// What the shell's runner imports become; runners share the shell's core.
const loadRunner = async (name) => {
  try {
    return load(name, (id) => (id === '@nettk/core' ? shell.core : require(id)));
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error;
    throw new Error(`the CLI bundle ${name}.cjs is missing: run \`npm run build\` in the nettk checkout`);
  }
};

function load(name, requireFn) {
  const file = `${dir}/${name}.cjs`;
  // Bundles are ASCII (build.mjs checks), so latin1 gives V8 a one-byte
  // string without a UTF-8 decoding pass.
  const code = fs.readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${file}.cache`);
  } catch {
    // no cache: compile normally
  }
  // Each bundle is one function expression over these parameters.
  const script = new vm.Script(code, { filename: file, cachedData });
  loaded.push({ name, file, script });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, requireFn, mod, file, dir, importEsm, loadRunner);
  return mod.exports;
}

let shell;
try {
  shell = load('nettk', require);
} catch (error) {
  if (error?.code !== 'ENOENT') throw error;
  process.stderr.write('nettk: not built yet: run `npm install` (or `npm run build`) in the nettk checkout\n');
  process.exit(3);
}
shell.run().then(
  () => {
    // build.mjs: NETTK_WRITE_CODE_CACHE names the bundles whose cache this run writes.
    const write = (process.env.NETTK_WRITE_CODE_CACHE ?? '').split(',');
    for (const { name, file, script } of loaded) if (write.includes(name)) fs.writeFileSync(`${file}.cache`, script.createCachedData());
  },
  (error) => {
    // run() maps every error of a command to an exit code itself; this is a bug in nettk.
    process.stderr.write(`nettk: internal error: ${process.argv.includes('--debug') ? error?.stack : error?.message ?? error}\n`);
    process.exitCode = 3;
  },
);
