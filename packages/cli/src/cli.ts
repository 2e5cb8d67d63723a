import { main } from './main.js';

// Entry for bin/nettk.js. Exit code only; the process ends when the last handle closes.
process.exitCode = await main();
