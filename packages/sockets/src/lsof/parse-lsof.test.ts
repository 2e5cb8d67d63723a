import { describe, expect, it } from 'vitest';
import { LsofParser, parseLsof, parseLsofEndpoint } from './parse-lsof.js';

// Recorded with `lsof -nP -w -F pcuLftdPnT -T qs -i` (lsof 4.95) on this machine, plus a second process.
const RECORDED = [
  'p5378', 'cx "q" (p) ,s', 'u0', 'Lroot',
  'f19', 'tIPv6', 'd6447110', 'PTCP', 'n*:44145', 'TST=LISTEN', 'TQR=0', 'TQS=0',
  'f20', 'tIPv6', 'd6447111', 'PUDP', 'n[::1]:57917', 'TQR=0', 'TQS=0',
  'p11982', 'cnode', 'u1000', 'Lalice',
  'fcwd', 'tDIR', 'n/home/alice',
  'f19', 'tIPv4', 'd4529336', 'PTCP', 'n127.0.0.1:45131', 'TST=LISTEN', 'TQR=2', 'TQS=0',
  'f20', 'tIPv4', 'd4529337', 'PTCP', 'n127.0.0.1:57014->127.0.0.1:45131', 'TST=ESTABLISHED', 'TQR=0', 'TQS=5',
  'f22', 'tIPv4', 'd4529340', 'PUDP', 'n127.0.0.1:5000->127.0.0.1:6000', 'TQR=0', 'TQS=0',
  'f23', 'tIPv6', 'd4529341', 'PTCP', 'n[::ffff:127.0.0.1]:80->[::ffff:127.0.0.1]:5555', 'TST=CLOSE_WAIT', 'TQR=1', 'TQS=0',
  'f24', 'tunix', 'd4529342', 'n/run/x.sock',
  '',
].join('\n');

describe('parseLsof', () => {
  it('reads recorded field output: odd names whole, IPv4/IPv6, "*:port", UDP without state, queues', () => {
    expect(parseLsof(RECORDED).map((f) => [f.pid, f.command, f.uid, f.user, f.fd, f.proto, f.family, f.state, f.local, f.remote, f.recvQ, f.sendQ, f.inode])).toEqual([
      [5378, 'x "q" (p) ,s', 0, 'root', 19, 'tcp', 6, 'LISTEN', { address: '::', port: 44145 }, { address: '::', port: 0 }, 0, null, 6447110],
      [5378, 'x "q" (p) ,s', 0, 'root', 20, 'udp', 6, 'UNCONN', { address: '::1', port: 57917 }, { address: '::', port: 0 }, 0, 0, 6447111],
      [11982, 'node', 1000, 'alice', 19, 'tcp', 4, 'LISTEN', { address: '127.0.0.1', port: 45131 }, { address: '0.0.0.0', port: 0 }, 2, null, 4529336],
      [11982, 'node', 1000, 'alice', 20, 'tcp', 4, 'ESTABLISHED', { address: '127.0.0.1', port: 57014 }, { address: '127.0.0.1', port: 45131 }, 0, 5, 4529337],
      [11982, 'node', 1000, 'alice', 22, 'udp', 4, 'ESTABLISHED', { address: '127.0.0.1', port: 5000 }, { address: '127.0.0.1', port: 6000 }, 0, 0, 4529340],
      [11982, 'node', 1000, 'alice', 23, 'tcp', 6, 'CLOSE_WAIT', { address: '::ffff:127.0.0.1', port: 80 }, { address: '::ffff:127.0.0.1', port: 5555 }, 1, 0, 4529341],
    ]);
  });

  it('gives the same files when processes are parsed one at a time, or the text is fed byte by byte', () => {
    const whole = parseLsof(RECORDED);
    const sets = RECORDED.split(/\n(?=p)/);
    expect(sets.flatMap((s) => parseLsof(s))).toEqual(whole);
    const parser = new LsofParser();
    const files = [...RECORDED].flatMap((ch) => parser.push(ch));
    expect([...files, ...parser.end()]).toEqual(whole);
  });

  it('returns nothing for empty output (lsof exits 1 when nothing matched)', () => {
    expect(parseLsof('')).toEqual([]);
  });
});

describe('parseLsofEndpoint', () => {
  it.each([
    ['*:80', 4, { address: '0.0.0.0', port: 80 }],
    ['*:80', 6, { address: '::', port: 80 }],
    ['[fe80::1%eth0]:22', 6, { address: 'fe80::1', port: 22 }],
    ['*:*', 4, { address: '0.0.0.0', port: 0 }],
  ] as const)('reads %s (IPv%d)', (text, family, endpoint) => {
    expect(parseLsofEndpoint(text, family)).toEqual(endpoint);
  });
});
