import * as ink from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { SocketsWatch } from './sockets-watch.js';

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The last frame with content: after --count frames the view exits, and ink's final frame may be empty. */
const lastShown = (frames: string[]): string => [...frames].reverse().find((f) => f.trim() !== '') ?? '';

describe('SocketsWatch', () => {
  it('shows each frame, refreshes on the interval and stops after --count frames', async () => {
    let calls = 0;
    const frame = async (rows: number): Promise<string[]> => {
      calls++;
      return [`frame ${calls}`, `rows ${rows > 0}`];
    };
    const app = render(<SocketsWatch ink={ink} frame={frame} intervalMs={30} count={3} />);
    try {
      await settle(400);
      expect(calls).toBe(3);
      expect(lastShown(app.frames)).toContain('frame 3');
      expect(lastShown(app.frames)).toContain('q to quit');
    } finally {
      app.unmount();
    }
  });

  it('shows a failed refresh as one line and keeps going', async () => {
    let calls = 0;
    const frame = async (): Promise<string[]> => {
      calls++;
      if (calls === 1) throw new Error('ss: timed out after 30000 ms');
      return ['recovered'];
    };
    const app = render(<SocketsWatch ink={ink} frame={frame} intervalMs={30} count={2} />);
    try {
      await settle(50);
      expect(app.frames.some((f) => f.includes('ss: timed out after 30000 ms'))).toBe(true);
      await settle(300);
      expect(lastShown(app.frames)).toContain('recovered');
      expect(lastShown(app.frames)).not.toContain('timed out');
    } finally {
      app.unmount();
    }
  });

  it('quits on q', async () => {
    const app = render(<SocketsWatch ink={ink} frame={async () => ['x']} intervalMs={1000} count={undefined} />);
    await settle(50);
    app.stdin.write('q');
    await settle(50);
    const before = app.frames.length;
    await settle(100);
    expect(app.frames.length).toBe(before);
    app.unmount();
  });
});
