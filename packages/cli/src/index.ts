export { main } from './main.js';
export { createIo, type Io, type GlobalArgs } from './io.js';
export { VERSION } from './version.js';
