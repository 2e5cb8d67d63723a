import { describe, expect, it } from 'vitest';
import { chatServerPerTest } from './chat-helpers.js';

const start = chatServerPerTest();

describe('chat server: commands and names', () => {
  it('renames with /nick, announces it, and uses the new name for later lines', async () => {
    const { events, join } = await start();
    const [a, b] = [await join(), await join()];
    a.send('/nick alice\nhi\n');
    await a.waitFor('*** You are now known as alice');
    await b.waitFor('*** user1 is now known as alice');
    await b.waitFor('<alice> hi');
    expect(events).toContainEqual(expect.objectContaining({ type: 'rename', from: 'user1', name: 'alice' }));
  });

  it('refuses names with spaces, names of other users in any case, the server and userN', async () => {
    const { join } = await start();
    const [a, b] = [await join(), await join()];
    a.send('/nick alice\n');
    await a.waitFor('*** You are now known as alice');
    b.send('/nick ALICE\n/nick two words\n/nick server\n/nick user7\n/nick <alice>\n/who\n');
    await b.waitFor('*** name "ALICE" refused: "alice" is online');
    await b.waitFor(/^\*\*\* name "two words" refused: /);
    await b.waitFor('*** name "server" refused: reserved: it would look like the server speaking');
    await b.waitFor('*** name "user7" refused: names of the form userN are assigned by the server');
    await b.waitFor(/^\*\*\* name "<alice>" refused: /);
    await b.waitFor('*** Online (2): alice, user2');
  });

  it('answers /who, /help and unknown commands to the asker only, and shows /me as an action', async () => {
    const { join } = await start();
    const [a, b] = [await join(), await join()];
    a.send('/help\n/frob\n/me waves\n/who\n');
    await a.waitFor('*** Online (2): user1, user2');
    await a.waitFor(/^\*\*\*   \/nick NAME/);
    await a.waitFor(/^\*\*\* unknown command "\/frob"/);
    await b.waitFor('* user1 waves');
    b.send('sync\n');
    await a.waitFor('<user2> sync');
    expect(b.has(/Commands:|unknown command/)).toBe(false);
    expect(b.lines.filter((l) => l.startsWith('*** Online'))).toEqual(['*** Online (2): user1, user2']);
  });

  it('says bye on /quit, closes, and announces the leave with the message', async () => {
    const { events, join } = await start();
    const [a, b] = [await join(), await join()];
    a.send('/quit gotta go\n');
    await a.waitFor('*** bye');
    await a.waitClosed();
    await b.waitFor('*** user1 has left (quit: gotta go)');
    expect(events).toContainEqual(expect.objectContaining({ type: 'leave', name: 'user1', reason: 'quit', online: 1 }));
  });

  it('announces a client whose connection was reset as a connection error', async () => {
    const { join } = await start();
    const [a, b] = [await join(), await join()];
    a.socket.resetAndDestroy();
    await b.waitFor(/^\*\*\* user1 has left \(connection (error: ECONNRESET|closed)\)$/);
  });
});

describe('chat server: limits', () => {
  it('refuses the client past --max-clients with one line and closes it; a freed slot can be used again', async () => {
    const { server: s, events, join, open } = await start({ maxClients: 2 });
    const [a] = [await join(), await join()];
    const third = await open();
    await third.waitFor('*** refused: server full (2 clients); try again later');
    await third.waitClosed();
    expect(events).toContainEqual(expect.objectContaining({ type: 'refused', reason: 'full', online: 2 }));
    expect(s.stats()).toMatchObject({ online: 2, refused: 1 });
    a.send('/quit\n');
    await a.waitClosed();
    const fourth = await join();
    expect(fourth.name).toBe('user3');
  });

  it('disconnects a client idle past the idle timeout and keeps an active one', async () => {
    const { join } = await start({ idleTimeoutMs: 300 });
    const [idle, active] = [await join(), await join()];
    const talk = setInterval(() => active.send('/who\n'), 80);
    try {
      await idle.waitFor('*** disconnecting: idle for 0.3 s', 3000);
      await idle.waitClosed();
      await active.waitFor('*** user1 has left (idle for 0.3 s)');
      expect(active.ended).toBe(false);
    } finally {
      clearInterval(talk);
    }
  });

  it('drops a client that stops reading once its queue passes the cap, while a reader gets every line in order', async () => {
    const { server: s, events, join } = await start({ maxQueueBytes: 64 * 1024 });
    const [stuck, reader, flooder] = [await join(), await join(), await join()];
    stuck.socket.pause();
    const total = 20_000;
    const payload = 'z'.repeat(200);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        if (!flooder.socket.write(`${sent++} ${payload}\n`)) return void flooder.socket.once('drain', pump);
      }
    };
    pump();
    await reader.waitFor('*** user1 has left (dropped: not reading (output queue over 64 KiB))', 20_000);
    await reader.waitFor(`<user3> ${total - 1} ${payload}`, 20_000);
    const numbers = reader.lines.filter((l) => l.startsWith('<user3> ')).map((l) => Number(l.split(' ')[1]));
    expect(numbers.length).toBe(total);
    expect(numbers.every((n, i) => n === i)).toBe(true);
    expect(s.stats()).toMatchObject({ dropped: 1, online: 2 });
    expect(events).toContainEqual(expect.objectContaining({ type: 'leave', name: 'user1', reason: 'too-slow' }));
  });
});
