import { describe, expect, it } from 'vitest';
import { NameRegistry, nameProblem } from './names.js';

describe('nameProblem', () => {
  it('accepts ordinary names', () => {
    for (const name of ['alice', 'Bob_2', 'x', 'dev-ops.team', 'a'.repeat(24)]) expect(nameProblem(name)).toBeUndefined();
  });

  it('refuses spaces, controls, brackets and non-ASCII look-alikes', () => {
    for (const name of ['two words', 'tab\tname', '<alice>', '*', 'аlice' /* Cyrillic а */, 'é', '1abc', '_x', '']) {
      expect(nameProblem(name), name).toBeDefined();
    }
  });

  it('refuses names that read as the server or as an assigned userN name', () => {
    expect(nameProblem('server')).toMatch(/server speaking/);
    expect(nameProblem('Announce')).toMatch(/server speaking/);
    expect(nameProblem('user7')).toMatch(/assigned by the server/);
    expect(nameProblem('USER12')).toMatch(/assigned by the server/);
    expect(nameProblem('username')).toBeUndefined();
  });

  it('refuses names longer than 24 characters', () => {
    expect(nameProblem('a'.repeat(25))).toMatch(/longer than 24/);
  });
});

describe('NameRegistry', () => {
  it('hands out user1, user2, ... and never reuses a name that is online', () => {
    const r = new NameRegistry<string>();
    expect([r.assign('a'), r.assign('b'), r.assign('c')]).toEqual(['user1', 'user2', 'user3']);
    r.release('user2');
    expect(r.assign('d')).toBe('user4');
    expect(r.size).toBe(3);
  });

  it('keeps names unique without regard to case, but lets the owner change its own case', () => {
    const r = new NameRegistry<string>();
    const a = r.assign('a');
    const b = r.assign('b');
    expect(r.rename('a', a, 'Alice')).toBeUndefined();
    expect(r.rename('b', b, 'alice')).toBe('"Alice" is online');
    expect(r.rename('a', 'Alice', 'alice')).toBeUndefined();
    r.release('alice');
    expect(r.rename('b', b, 'ALICE')).toBeUndefined();
  });

  it('frees the old name on rename', () => {
    const r = new NameRegistry<string>();
    const a = r.assign('a');
    r.rename('a', a, 'carol');
    r.rename('a', 'carol', 'dave');
    expect(r.rename('b', 'user9', 'carol')).toBeUndefined();
  });
});
