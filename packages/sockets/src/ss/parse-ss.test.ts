import { describe, expect, it } from 'vitest';
import { SsParser, parseSs, parseSsEndpoint, parseSsLine, parseUsers } from './parse-ss.js';

// Recorded with `ss -H -n -a -e -p -t -u` (iproute2 6.1) on this machine; trailing blanks as ss prints them.
const TWO_TYPES = [
  'udp UNCONN     0      0          [::1]:57917      [::]:*     users:(("x "q" (p",pid=5378,fd=20)) ino:6447111 sk:1034 cgroup:/ v6only:1 <->    ',
  'tcp LISTEN     0      511            *:44145         *:*     users:(("x "q" (p",pid=5378,fd=19)) ino:6447110 sk:1071 cgroup:/ v6only:0 <->    ',
  'tcp LISTEN    0      128      0.0.0.0:2024    0.0.0.0:*     ino:166 sk:1 cgroup:/ <->',
  'tcp TIME-WAIT 0      0      127.0.0.1:50000 127.0.0.1:50000 timer:(timewait,58sec,0) ino:0 sk:1001',
  'tcp ESTAB     26     3      127.0.0.1:40587 127.0.0.1:8080 users:(("nginx",pid=10,fd=6),("nginx",pid=11,fd=6)) uid:1000 ino:4796940 sk:3 cgroup:/system.slice <->',
  'tcp ESTAB     0      0      [::ffff:127.0.0.1]:42251 [::ffff:127.0.0.1]:37988 users:(("node",pid=7,fd=21)) ino:6456189 sk:7 cgroup:/ <->',
  'udp ESTAB     0      0      127.0.0.53%lo:53 0.0.0.0:*     users:(("systemd-resolve",pid=300,fd=13)) uid:991 ino:2000 sk:9 cgroup:/ <->',
].join('\n');
// `ss -H -n -a -e -p -t`: one socket type, so no Netid column.
const TCP_ONLY = [
  'TIME-WAIT  0      0               127.0.0.1:45432          127.0.0.1:43563 timer:(timewait,38sec,0) ino:0 sk:1073                                           ',
  'CLOSE-WAIT 1      0               127.0.0.1:9000           127.0.0.1:51000 users:(("a b",pid=42,fd=7)) ino:99 sk:2 <->',
  'SYN-SENT   0      1               [::1]:40000              [::1]:9 users:(("curl",pid=43,fd=5)) ino:100 sk:3 <->',
].join('\n');

describe('parseSs', () => {
  it('reads recorded output with a Netid column: wildcards, peers "*", IPv6, owners, uid and inode', () => {
    const rows = parseSs(TWO_TYPES);
    expect(rows.map((r) => [r.proto, r.family, r.state, r.local, r.remote, r.recvQ, r.sendQ, r.inode, r.uid])).toEqual([
      ['udp', 6, 'UNCONN', { address: '::1', port: 57917 }, { address: '::', port: 0 }, 0, 0, 6447111, 0],
      ['tcp', 6, 'LISTEN', { address: '::', port: 44145 }, { address: '::', port: 0 }, 0, 511, 6447110, 0],
      ['tcp', 4, 'LISTEN', { address: '0.0.0.0', port: 2024 }, { address: '0.0.0.0', port: 0 }, 0, 128, 166, 0],
      ['tcp', 4, 'TIME_WAIT', { address: '127.0.0.1', port: 50000 }, { address: '127.0.0.1', port: 50000 }, 0, 0, 0, 0],
      ['tcp', 4, 'ESTABLISHED', { address: '127.0.0.1', port: 40587 }, { address: '127.0.0.1', port: 8080 }, 26, 3, 4796940, 1000],
      ['tcp', 6, 'ESTABLISHED', { address: '::ffff:127.0.0.1', port: 42251 }, { address: '::ffff:127.0.0.1', port: 37988 }, 0, 0, 6456189, 0],
      ['udp', 4, 'ESTABLISHED', { address: '127.0.0.53', port: 53 }, { address: '0.0.0.0', port: 0 }, 0, 0, 2000, 991],
    ]);
    expect(rows[0]?.owners).toEqual([{ command: 'x "q" (p', pid: 5378, fd: 20 }]);
    expect(rows[2]?.owners).toEqual([]);
    expect(rows[4]?.owners).toEqual([
      { command: 'nginx', pid: 10, fd: 6 },
      { command: 'nginx', pid: 11, fd: 6 },
    ]);
  });

  it('reads output without a Netid column, taking the protocol from the caller', () => {
    const rows = parseSs(TCP_ONLY, 'tcp');
    expect(rows.map((r) => [r.proto, r.state, r.local.port, r.remote.port, r.inode, r.owners.map((o) => o.command)])).toEqual([
      ['tcp', 'TIME_WAIT', 45432, 43563, 0, []],
      ['tcp', 'CLOSE_WAIT', 9000, 51000, 99, ['a b']],
      ['tcp', 'SYN_SENT', 40000, 9, 100, ['curl']],
    ]);
  });

  it('gives the same rows for the whole text, each line alone, and the text fed byte by byte', () => {
    const whole = parseSs(TWO_TYPES);
    expect(TWO_TYPES.split('\n').map((l) => parseSsLine(l))).toEqual(whole);
    expect(parseSs(`${TWO_TYPES}\n\n\n`)).toEqual(whole);
    for (const text of [TWO_TYPES, `${TWO_TYPES}\n`, TWO_TYPES.replace(/\n/g, '\r\n')]) {
      const parser = new SsParser();
      const rows = [...text].flatMap((ch) => parser.push(ch));
      expect([...rows, ...parser.end()]).toEqual(whole);
    }
  });

  it('skips lines that are not socket rows', () => {
    expect(parseSs('garbage\nState Recv-Q\n')).toEqual([]);
  });
});

describe('parseUsers', () => {
  it.each([
    ['users:(("a b",pid=1,fd=2))', [{ command: 'a b', pid: 1, fd: 2 }]],
    ['users:(("(x)",pid=1,fd=2))', [{ command: '(x)', pid: 1, fd: 2 }]],
    ['users:(("say "hi"",pid=1,fd=2))', [{ command: 'say "hi"', pid: 1, fd: 2 }]],
    ['users:(("a",pid=1,fd=2),("b",pid=3,fd=4))', [{ command: 'a', pid: 1, fd: 2 }, { command: 'b', pid: 3, fd: 4 }]],
    ['users:(("tricky",pid=x",pid=5,fd=6))', [{ command: 'tricky",pid=x', pid: 5, fd: 6 }]],
    ['users:(("",pid=9,fd=0))', [{ command: '', pid: 9, fd: 0 }]],
    ['ino:5 sk:1', []],
  ])('reads %s', (text, owners) => {
    expect(parseUsers(text)).toEqual(owners);
  });

  it('keeps inode and uid apart from a process name that contains " ino:"', () => {
    const row = parseSsLine('tcp ESTAB 0 0 127.0.0.1:1 127.0.0.1:2 users:(("x ino:7",pid=1,fd=3)) uid:5 ino:8 sk:1');
    expect([row?.inode, row?.uid, row?.owners[0]?.command]).toEqual([8, 5, 'x ino:7']);
  });
});

describe('parseSsEndpoint', () => {
  it.each([
    ['127.0.0.1:80', { address: '127.0.0.1', port: 80, family: 4 }],
    ['[::1]:80', { address: '::1', port: 80, family: 6 }],
    ['[fe80::1]%eth0:22', { address: 'fe80::1', port: 22, family: 6 }],
    ['127.0.0.53%lo:53', { address: '127.0.0.53', port: 53, family: 4 }],
    ['*:80', { address: '::', port: 80, family: 6 }],
    ['0.0.0.0:*', { address: '0.0.0.0', port: 0, family: 4 }],
    ['[::]:*', { address: '::', port: 0, family: 6 }],
  ])('reads %s', (text, endpoint) => {
    expect(parseSsEndpoint(text)).toEqual(endpoint);
  });
});
