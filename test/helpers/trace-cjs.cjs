// Used as `node --require ./trace-cjs.cjs`: at exit, appends every CommonJS
// module that was loaded (require.cache is shared by all require functions)
// to NETTK_TRACE_FILE. ESM imports are traced by import-hooks.mjs.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.NETTK_TRACE_FILE) appendFileSync(process.env.NETTK_TRACE_FILE, Object.keys(require.cache).map((f) => `file://${f}\n`).join(''));
});
