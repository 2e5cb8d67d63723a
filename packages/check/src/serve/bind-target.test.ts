import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../load.js';
import { bindTarget } from './bind-target.js';
import { builtinModules } from './builtin-modules.js';

const modules = new Map(builtinModules().map((m) => [m.name, m]));
const bind = (module: string, target: string) => bindTarget(modules.get(module)!, target);

describe('binding a target to a module', () => {
  it('offers the built-in modules', () => {
    expect([...modules.keys()]).toEqual(['tcp', 'tcp_closed', 'http_2xx', 'https_2xx', 'redis_ping', 'selfconnect_risk']);
  });

  it('takes HOST:PORT for tcp modules, IPv6 in brackets', () => {
    expect(bind('tcp', '127.0.0.1:6379')).toMatchObject({ kind: 'probe', host: '127.0.0.1', ports: [6379], expect: 'open' });
    expect(bind('tcp_closed', '[::1]:22')).toMatchObject({ host: '::1', family: 6, ports: [22], expect: 'closed' });
  });

  it('completes a bare host:port with the http module scheme and path, or takes a whole URL', () => {
    expect(bind('http_2xx', '127.0.0.1:8080')).toMatchObject({ kind: 'http', url: 'http://127.0.0.1:8080/' });
    expect(bind('https_2xx', 'example.com')).toMatchObject({ url: 'https://example.com/' });
    expect(bind('http_2xx', 'http://127.0.0.1:8080/health?x=1')).toMatchObject({ url: 'http://127.0.0.1:8080/health?x=1' });
    const m = parseRunbook('modules:\n  api: {kind: http, path: /healthz}', 'm.yaml', { purpose: 'serve' }).modules[0]!;
    expect(bindTarget(m, '[::1]:9000')).toMatchObject({ url: 'http://[::1]:9000/healthz' });
  });

  it('builds a redis URL with the module credentials and database', () => {
    expect(bind('redis_ping', '127.0.0.1')).toMatchObject({ kind: 'redis', url: 'redis://127.0.0.1:6379/0' });
    const m = parseRunbook('modules:\n  r: {kind: redis, db: 2, password: "p@ss", tls: true}', 'm.yaml', { purpose: 'serve' }).modules[0]!;
    expect(bindTarget(m, '10.0.0.1:6380')).toMatchObject({ url: 'rediss://:p%40ss@10.0.0.1:6380/2' });
  });

  it('rejects bad targets with a one-line reason', () => {
    expect(() => bind('tcp', '127.0.0.1')).toThrow('target "127.0.0.1" needs a port (HOST:PORT)');
    expect(() => bind('tcp', 'bad..host:1')).toThrow('bad host "bad..host": not a valid hostname');
    expect(() => bind('tcp', '127.0.0.1:99999')).toThrow(/bad port "99999"/);
    expect(() => bind('tcp', 'a b:1')).toThrow('bad target "a b:1"');
    expect(() => bind('http_2xx', 'ftp://x/')).toThrow(/scheme must be http or https/);
    expect(() => bind('tcp', 'x'.repeat(3000))).toThrow(/longer than 2048/);
  });
});
