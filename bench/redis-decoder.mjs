// Decoder throughput, MB/s, fed in 64 KiB chunks: @nettk/redis RespDecoder vs
// redis-parser (RESP2 only, the fastest Node parser) in the same run.
// Usage: node bench/redis-decoder.mjs [secondsPerCase=1]
import { createRequire } from 'node:module';
import { RespDecoder } from '@nettk/redis';

const require = createRequire(import.meta.url);
const RedisParser = require('redis-parser');
const seconds = Number(process.argv[2] ?? 1);

function bulk(payload) {
  return `$${payload.length}\r\n${payload}\r\n`;
}
function workloads() {
  const b16 = bulk('x'.repeat(16));
  const b1k = bulk('y'.repeat(1024));
  const arr = `*10\r\n${bulk('element-0123').repeat(10)}`;
  return [
    { name: '100k x 16 B bulks', data: Buffer.from(b16.repeat(100_000)), replies: 100_000 },
    { name: '100k x 1 KiB bulks', data: Buffer.from(b1k.repeat(100_000)), replies: 100_000 },
    { name: '10k arrays of 10 bulks', data: Buffer.from(arr.repeat(10_000)), replies: 10_000 },
  ];
}
function chunks(data) {
  const out = [];
  // Fresh copies, as a socket delivers them.
  for (let i = 0; i < data.length; i += 65536) out.push(Buffer.from(data.subarray(i, i + 65536)));
  return out;
}
function measure(makeParser, parts, bytes, expected, ms) {
  let count = 0;
  const run = () => {
    count = 0;
    const p = makeParser(() => count++);
    for (const c of parts) p(c);
    if (count !== expected) throw new Error(`decoded ${count} replies, expected ${expected}`);
  };
  run(); // warm-up
  const deadline = performance.now() + ms;
  let runs = 0;
  const t0 = performance.now();
  do {
    run();
    runs++;
  } while (performance.now() < deadline && runs < 10_000);
  return (bytes * runs) / ((performance.now() - t0) / 1000) / 1e6;
}
/** Alternate the contenders in short rounds and keep each one's best: the machine is shared and noisy. */
function compare(contenders, parts, w) {
  const best = contenders.map(() => 0);
  for (let round = 0; round < 5; round++) {
    contenders.forEach((make, i) => {
      best[i] = Math.max(best[i], measure(make, parts, w.data.length, w.replies, (seconds * 1000) / 5));
    });
  }
  return best;
}
const nettk = (stringBulks) => (onReply) => {
  const d = new RespDecoder({ onReply, stringBulks });
  return (c) => d.push(c);
};
const parser = (returnBuffers) => (onReply) => {
  const p = new RedisParser({ returnReply: onReply, returnError: onReply, returnFatalError: (e) => { throw e; }, returnBuffers });
  return (c) => p.execute(c);
};

const results = [];
for (const w of workloads()) {
  const parts = chunks(w.data);
  const row = { workload: w.name };
  [row['nettk (Buffer)'], row['redis-parser (Buffer)']] = compare([nettk(false), parser(true)], parts, w);
  [row['nettk (string)'], row['redis-parser (string)']] = compare([nettk(true), parser(false)], parts, w);
  row['ratio Buffer'] = row['nettk (Buffer)'] / row['redis-parser (Buffer)'];
  row['ratio string'] = row['nettk (string)'] / row['redis-parser (string)'];
  results.push(row);
}
for (const r of results) {
  console.log(
    `${r.workload.padEnd(24)} nettk ${r['nettk (Buffer)'].toFixed(0).padStart(6)} MB/s vs redis-parser ${r['redis-parser (Buffer)'].toFixed(0).padStart(6)} (Buffers, ×${r['ratio Buffer'].toFixed(2)})` +
      ` | strings: ${r['nettk (string)'].toFixed(0).padStart(6)} vs ${r['redis-parser (string)'].toFixed(0).padStart(6)} (×${r['ratio string'].toFixed(2)})`,
  );
}
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
