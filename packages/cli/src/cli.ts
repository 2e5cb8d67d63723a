import { main } from './main.js';

// A reader that went away (`nettk ... | head`) is not an error worth a stack
// trace: stop quietly, as tools killed by SIGPIPE do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

// Exit code only; the process ends when the last handle closes.
process.exitCode = await main();
