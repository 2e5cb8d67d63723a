// Module resolve hook (runs in Node's hooks thread): appends every resolved
// URL to the file named by NETTK_TRACE_FILE, so a test can see what loaded.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.NETTK_TRACE_FILE) appendFileSync(process.env.NETTK_TRACE_FILE, result.url + '\n');
  return result;
}
