import { createServer, type Server } from 'node:net';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectChat, createChatServer, type ChatClient, type ChatServer } from '@nettk/chat';
import { ChatStore } from '../packages/cli/src/run/chat-store.js';
import { ChatApp } from '../packages/cli/src/views/chat-app.js';
import { loadInk } from '../packages/cli/src/views/chat-ink.js';
import { LineClient } from './chat-helpers.js';

let server: ChatServer | undefined;
let raw: Server | undefined;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  await loadInk();
});

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.stop();
  server = undefined;
  await new Promise<void>((r) => (raw ? raw.close(() => r()) : r()));
  raw = undefined;
});

const KEY = { enter: '\r', pageUp: '\x1b[5~', pageDown: '\x1b[6~' };

/** Render the chat UI against a live client; frames are polled with a deadline. */
function mount(client: ChatClient, label: string) {
  const store = new ChatStore(client, label);
  let quits = 0;
  const ui = render(createElement(ChatApp, { store, onQuit: () => quits++, rows: 16, columns: 90 }));
  cleanups.push(() => {
    ui.unmount();
    store.dispose();
    client.close();
  });
  // eslint-disable-next-line no-control-regex
  const frame = (): string => (ui.lastFrame() ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  const waitFrame = async (test: (f: string) => boolean, what: string, timeoutMs = 5000): Promise<string> => {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const f = frame();
      if (test(f)) return f;
      if (performance.now() > until) throw new Error(`no frame with ${what} within ${timeoutMs} ms; last frame:\n${f}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const type = async (text: string): Promise<void> => {
    // One key at a time, as a person types; ink reads each write as one input.
    for (const ch of text) {
      ui.stdin.write(ch);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  return { ui, store, frame, waitFrame, type, quits: () => quits };
}

async function chatServer(): Promise<number> {
  server = createChatServer({ port: 0 });
  return (await server.start()).port;
}

async function peer(port: number): Promise<LineClient> {
  const c = await LineClient.join(port);
  cleanups.push(() => c.destroy());
  return c;
}

describe('chat UI (ink)', () => {
  it('shows the status bar, timestamped messages and notices, and the online list with you marked', async () => {
    const port = await chatServer();
    const bob = await peer(port);
    const view = mount(await connectChat({ host: '127.0.0.1', port }), `127.0.0.1:${port}`);
    await view.waitFrame((f) => f.includes('user2 (you)'), 'the online list');
    bob.send('hello ui \u00e9\n/me waves\n');
    const f = await view.waitFrame((x) => x.includes('* user1 waves'), 'the action');
    expect(f).toMatch(new RegExp(`nettk chat · 127\\.0\\.0\\.1:${port} · you are user2 · connected`));
    expect(f).toMatch(/\d\d:\d\d:\d\d \*\*\* Welcome to nettk chat, user2!/);
    expect(f).toMatch(/\d\d:\d\d:\d\d <user1> hello ui é/);
    expect(f).toContain('Online (2)');
    expect(f).toMatch(/user1\s/);
  });

  it('sends what is typed on Enter, shows it as our own line, and follows a /nick', async () => {
    const port = await chatServer();
    const bob = await peer(port);
    const view = mount(await connectChat({ host: '127.0.0.1', port }), 'local');
    await view.waitFrame((f) => f.includes('user2 (you)'), 'the welcome');
    await view.type('hi bob');
    await view.waitFrame((f) => f.includes('> hi bob'), 'the typed text in the input line');
    view.ui.stdin.write(KEY.enter);
    await bob.waitFor('<user2> hi bob');
    await view.waitFrame((f) => /\d\d:\d\d:\d\d <user2> hi bob/.test(f), 'our own line in the pane');
    await view.type('/nick carol');
    view.ui.stdin.write(KEY.enter);
    await bob.waitFor('*** user2 is now known as carol');
    const f = await view.waitFrame((x) => x.includes('carol (you)') && x.includes('you are carol'), 'the new name');
    expect(f).toContain('*** You are now known as carol');
  });

  it('edits the input line: backspace, cursor moves, Ctrl-U, history', async () => {
    const port = await chatServer();
    const bob = await peer(port);
    const view = mount(await connectChat({ host: '127.0.0.1', port }), 'local');
    await view.waitFrame((f) => f.includes('(you)'), 'the welcome');
    await view.type('helo');
    view.ui.stdin.write('\x1b[D'); // left
    await view.type('l');
    view.ui.stdin.write('\x7f'); // backspace deletes the "l" just typed
    await view.type('l');
    view.ui.stdin.write(KEY.enter);
    await bob.waitFor('<user2> hello');
    view.ui.stdin.write('\x1b[A'); // up: recall
    const inputLine = (f: string): string => f.trimEnd().split('\n').at(-1)!.trimEnd();
    await view.waitFrame((f) => inputLine(f) === '> hello', 'the recalled line');
    view.ui.stdin.write('\x15'); // Ctrl-U
    await view.waitFrame((f) => inputLine(f) === '>', 'an empty input');
  });

  it('sends each line of a multi-line paste, and keeps the unfinished last line in the input', async () => {
    const port = await chatServer();
    const bob = await peer(port);
    const view = mount(await connectChat({ host: '127.0.0.1', port }), 'local');
    await view.waitFrame((f) => f.includes('(you)'), 'the welcome');
    view.ui.stdin.write('first pasted\rsecond pasted\r\nunfinished');
    await bob.waitFor('<user2> second pasted');
    expect(bob.lines.filter((l) => l.startsWith('<user2>'))).toEqual(['<user2> first pasted', '<user2> second pasted']);
    await view.waitFrame((f) => f.trimEnd().split('\n').at(-1)!.trimEnd() === '> unfinished', 'the rest in the input');
  });

  it('scrolls back with PgUp and returns with PgDn', async () => {
    const port = await chatServer();
    const bob = await peer(port);
    const view = mount(await connectChat({ host: '127.0.0.1', port }), 'local');
    await view.waitFrame((f) => f.includes('(you)'), 'the welcome');
    bob.send(Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') + '\n');
    await view.waitFrame((f) => f.includes('<user1> line 39'), 'the last line');
    expect(view.frame()).not.toContain('<user1> line 20 ');
    view.ui.stdin.write(KEY.pageUp);
    const up = await view.waitFrame((f) => f.includes('scrolled back'), 'the scroll marker');
    expect(up).not.toContain('<user1> line 39');
    view.ui.stdin.write(KEY.pageDown);
    await view.waitFrame((f) => f.includes('<user1> line 39') && !f.includes('scrolled back'), 'the bottom again');
  });

  it('shows a clear status when the connection drops, and Enter then leaves', async () => {
    const port = await chatServer();
    const view = mount(await connectChat({ host: '127.0.0.1', port }), 'local');
    await view.waitFrame((f) => f.includes('(you)'), 'the welcome');
    await server!.stop();
    const f = await view.waitFrame((x) => x.includes('disconnected: the server closed the connection'), 'the disconnected status');
    expect(f).toContain('*** server shutting down');
    expect(f).toContain('(disconnected)');
    view.ui.stdin.write(KEY.enter);
    await view.waitFrame(() => view.quits() === 1, 'the quit');
  });

  it('shows control bytes from a server that does not strip them as visible escapes', async () => {
    raw = createServer((s) => {
      s.on('error', () => {});
      s.write('<mallory> \x1b[2J\x1b]0;pwned\x07gone\rX\n');
    });
    await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
    const port = (raw.address() as { port: number }).port;
    const view = mount(await connectChat({ host: '127.0.0.1', port }), 'raw');
    const f = await view.waitFrame((x) => x.includes('<mallory>'), 'the message');
    expect(f).toContain('<mallory> \\e[2J\\e]0;pwned\\x07gone\\rX');
    expect(f).not.toContain('\x1b[2J');
  });
});
