// Used as `node --import ./trace-imports.mjs`: installs import-hooks.mjs.
import { register } from 'node:module';

register('./import-hooks.mjs', import.meta.url);
