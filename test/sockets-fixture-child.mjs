// A process with known sockets in known states, for the sockets tests.
// Prints one JSON line once every state is reached, then holds everything
// until stdin closes (or a 60 s deadline). Loopback only, port 0 only.
//   node sockets-fixture-child.mjs            → the full set (see below)
//   node sockets-fixture-child.mjs blocked N  → a listener with backlog N whose
//       event loop is then blocked, so it never accepts (a full accept queue)
import { createServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { spawn } from 'node:child_process';

// An odd process name (comm): spaces, quotes and parentheses, as real ones can have.
process.title = 'nk "odd" (fx)';
const deadline = setTimeout(() => process.exit(4), 60_000);
const [mode = 'full', backlogArg = '2'] = process.argv.slice(2);

async function listen(server, host, backlog) {
  server.listen({ host, port: 0, ...(backlog === undefined ? {} : { backlog }) });
  await once(server, 'listening');
  return server.address().port;
}

if (mode === 'blocked') {
  const server = createServer();
  const port = await listen(server, '127.0.0.1', Number(backlogArg));
  process.stdout.write(JSON.stringify({ pid: process.pid, port }) + '\n', () => {
    // The event loop never runs again: libuv never calls accept(), the kernel queue fills.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 45_000);
    process.exit(0);
  });
} else {
  const held = [];
  const keep = (s) => (held.push(s), s.on('error', () => {}), s);
  const main = createServer((s) => keep(s));
  const halfOpen = createServer({ allowHalfOpen: true }, (s) => keep(s)); // never ends its side: CLOSE_WAIT
  const v6 = createServer((s) => keep(s));
  const shared = createServer((s) => keep(s));
  const ports = {
    main: await listen(main, '127.0.0.1'),
    halfOpen: await listen(halfOpen, '127.0.0.1'),
    v6: await listen(v6, '::1'),
    shared: await listen(shared, '127.0.0.1'),
  };
  // A listener held by two processes, as after fork(): the handle goes to a helper over IPC.
  const helper = spawn(
    process.execPath,
    ['-e', "process.on('message', (m, h) => { globalThis.held = h; process.send('ok'); }); process.on('disconnect', () => process.exit(0));"],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  helper.send('listener', shared);
  await once(helper, 'message');
  const dial = async (port, host) => {
    const c = keep(connect({ port, host }));
    await once(c, 'connect');
    return c;
  };
  const established = await dial(ports.main, '127.0.0.1');
  const ipv6 = await dial(ports.v6, '::1');
  const closeWait = await dial(ports.halfOpen, '127.0.0.1');
  const closeWaitPort = closeWait.localPort;
  closeWait.end(); // our FIN: the peer (halfOpen's socket) sits in CLOSE_WAIT, we in FIN_WAIT2
  const timeWait = await dial(ports.main, '127.0.0.1');
  const timeWaitPort = timeWait.localPort;
  timeWait.end(); // we close first: after the peer's FIN we are in TIME_WAIT
  await once(timeWait, 'close');
  const udp = createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  await new Promise((r) => setTimeout(r, 100));
  process.stdout.write(
    JSON.stringify({
      pid: process.pid,
      ports,
      established: established.localPort,
      ipv6: ipv6.localPort,
      closeWait: closeWaitPort,
      timeWait: timeWaitPort,
      udp: udp.address().port,
      helper: helper.pid,
    }) + '\n',
  );
  process.stdin.on('end', () => {
    clearTimeout(deadline);
    for (const s of held) s.destroy();
    for (const s of [main, halfOpen, v6, shared]) s.close();
    helper.disconnect();
    udp.close();
  });
  process.stdin.resume();
}
