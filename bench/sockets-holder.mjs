// Holds loopback TCP connections for the sockets benchmarks. The fd limit
// here is 20,000 per process, so the two ends live in two processes:
//   node sockets-holder.mjs server            → prints {"port","pid"}, accepts and holds
//   node sockets-holder.mjs client PORT COUNT → connects COUNT times, prints {"open","pid"}
//   node sockets-holder.mjs small             → a listener with one connection: a quiet port on a busy host
// Each exits when its stdin closes, or at a deadline. Loopback only.
import { createServer, connect } from 'node:net';

const [role = 'server', portArg = '0', countArg = '10000'] = process.argv.slice(2);
const held = [];
const deadline = setTimeout(() => process.exit(3), 600_000);
const done = () => {
  clearTimeout(deadline);
  for (const s of held) s.destroy();
  server?.close();
};
process.stdin.on('end', done);
process.stdin.resume();

let server;
if (role === 'server') {
  server = createServer({ pauseOnConnect: true }, (s) => held.push(s));
  server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
    process.stdout.write(JSON.stringify({ port: server.address().port, pid: process.pid }) + '\n');
  });
} else if (role === 'small') {
  server = createServer((s) => held.push(s));
  server.listen({ host: '127.0.0.1', port: 0 }, () => {
    const c = connect({ host: '127.0.0.1', port: server.address().port }, () => {
      process.stdout.write(JSON.stringify({ port: server.address().port, pid: process.pid }) + '\n');
    });
    held.push(c);
  });
} else {
  const port = Number(portArg);
  const count = Number(countArg);
  let open = 0;
  // A bounded number of connects in flight keeps the accept queue from overflowing.
  for (let i = 0; i < count; i += 256) {
    const n = Math.min(256, count - i);
    await Promise.all(
      Array.from({ length: n }, () => new Promise((resolve, reject) => {
        const c = connect({ host: '127.0.0.1', port }, () => { open++; resolve(); });
        c.on('error', reject);
        held.push(c);
      })),
    );
  }
  process.stdout.write(JSON.stringify({ open, pid: process.pid }) + '\n');
}
