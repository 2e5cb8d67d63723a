import { afterEach, describe, expect, it } from 'vitest';
import { blackhole } from '../../../test/helpers/blackhole.js';
import { freePort, listen } from '../../../test/helpers/servers.js';
import type { LookupAll } from '@nettk/core';
// Worker threads load the built probe-worker.js, so the parallel case runs the built package.
import { probe as builtProbe } from '@nettk/probe';
import { probe } from './engine.js';
import type { ProbeResult } from './types.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function open(host = '127.0.0.1'): Promise<number> {
  const l = await listen({ host });
  cleanups.push(l.close);
  return l.port;
}

const states = (rs: ProbeResult[]): Array<[number, string]> => rs.map((r) => [r.port, r.state]);

describe('probe()', () => {
  it('reports open and closed ports in the order given, with reasons and services', async () => {
    const a = await open();
    const closed = await freePort();
    const report = await probe({ hosts: ['127.0.0.1'], ports: [closed, a], timeoutMs: 1000 });
    expect(states(report.results)).toEqual([[closed, 'closed'], [a, 'open']]);
    expect(report.results[0]).toMatchObject({ reason: 'conn-refused', errno: 'ECONNREFUSED', text: 'Connection refused' });
    expect(report.results[1]).toMatchObject({ reason: 'syn-ack', address: '127.0.0.1', family: 4 });
    expect(report.summary).toMatchObject({ open: 1, closed: 1, filtered: 0 });
  });

  it('reports a dropped SYN as filtered, and retries it when asked', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const started = performance.now();
    const report = await probe({ hosts: ['127.0.0.1'], ports: [hole.port], timeoutMs: 200, retries: 2 });
    expect(report.results[0]).toMatchObject({ state: 'filtered', reason: 'no-response' });
    // Three attempts of 200 ms each.
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('probes every address of a name by default, and only until one answers with first', async () => {
    const port = await open('127.0.0.1');
    const both: LookupAll = (_h, _f, cb) => cb(null, [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]);
    const all = await probe({ hosts: ['dual.test'], ports: [port], lookup: both, timeoutMs: 1000 });
    expect(all.results.map((r) => [r.address, r.state])).toEqual([['::1', 'closed'], ['127.0.0.1', 'open']]);
    const first = await probe({ hosts: ['dual.test'], ports: [port], lookup: both, first: true, timeoutMs: 1000 });
    expect(first.results.map((r) => [r.address, r.state])).toEqual([['127.0.0.1', 'open']]);
  });

  it('gives each port of an unresolvable host one error result without touching the network', async () => {
    const report = await probe({ hosts: ['no-such-host.invalid'], ports: [1, 2], timeoutMs: 1000 });
    expect(report.targets[0]!.error).toMatch(/cannot resolve/);
    expect(report.results.map((r) => [r.state, r.reason])).toEqual([['error', 'dns'], ['error', 'dns']]);
  });

  it('finds the same ports in worker threads as in one thread', async () => {
    // Only ports this test owns or just freed: a wide range would knock on other tests' servers.
    const mine = [await open(), await open(), await open()];
    const freed: number[] = [];
    for (let i = 0; i < 40; i++) freed.push(await freePort());
    const ports = [...freed.slice(0, 20), ...mine, ...freed.slice(20)];
    const inline = await probe({ hosts: ['127.0.0.1'], ports, threads: 1, concurrency: 16 });
    const parallel = await builtProbe({ hosts: ['127.0.0.1'], ports, threads: 2, concurrency: 16 });
    expect(parallel.results.map((r) => r.port)).toEqual(ports);
    const openOf = (rs: ProbeResult[]): number[] => rs.filter((r) => r.state === 'open').map((r) => r.port);
    expect(openOf(parallel.results)).toEqual(mine);
    expect(openOf(inline.results)).toEqual(mine);
    expect(parallel.summary).toMatchObject({ open: 3, closed: 40, error: 0 });
  });

  it('with keepClosed: false counts closed ports without keeping them, in one thread and in workers', async () => {
    const mine = [await open(), await open()];
    const freed: number[] = [];
    for (let i = 0; i < 30; i++) freed.push(await freePort());
    const ports = [...freed.slice(0, 15), ...mine, ...freed.slice(15)];
    const progress: number[] = [];
    for (const run of [probe, builtProbe]) {
      const report = await run({ hosts: ['127.0.0.1'], ports, threads: run === probe ? 1 : 2, concurrency: 8, keepClosed: false, onProgress: (p) => progress.push(p.done) });
      expect(report.results.map((r) => [r.port, r.state])).toEqual(mine.map((p) => [p, 'open']));
      expect(report.summary).toMatchObject({ open: 2, closed: 30, filtered: 0, error: 0 });
      expect(report.probed).toBe(32);
      expect(report.closedOmitted).toEqual([{ target: 0, address: 0, count: 30 }]);
      expect(progress.at(-1)).toBe(32);
    }
    // Kept by default: nothing omitted.
    const all = await probe({ hosts: ['127.0.0.1'], ports: freed.slice(0, 3) });
    expect(all).toMatchObject({ probed: 3, closedOmitted: [] });
    expect(all.results).toHaveLength(3);
  });

  it('streams results and progress as they finish', async () => {
    const port = await open();
    const seen: number[] = [];
    let lastProgress = { done: 0, total: 0, open: 0 };
    await probe({
      hosts: ['127.0.0.1'],
      ports: [port, port + 1, port + 2],
      onResult: (r) => seen.push(r.port),
      onProgress: (p) => (lastProgress = p),
    });
    expect(seen.sort()).toEqual([port, port + 1, port + 2].sort());
    expect(lastProgress).toMatchObject({ done: 3, total: 3, open: 1 });
  });

  it('stops when aborted', async () => {
    const hole = await blackhole();
    cleanups.push(hole.close);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(probe({ hosts: ['127.0.0.1'], ports: [hole.port], timeoutMs: 5000, signal: controller.signal })).rejects.toThrow('stop');
  });
});
