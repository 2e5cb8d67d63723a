import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeSelfSigned, opensslMissing, type SelfSigned } from './helpers/http-tls.js';
import { ENDS_BEFORE_MS, startHttpServer, type TestHttpServer } from './helpers/http-servers.js';
import { runNettk } from './helpers/nettk.js';

const missing = opensslMissing();
if (missing) console.warn(`SKIPPING nettk http TLS tests: ${missing}`);

// Skipped only when openssl is absent: the reason is printed above.
describe.skipIf(missing !== undefined)('nettk http over TLS', () => {
  let cert: SelfSigned;
  let server: Server;
  let port = 0;
  let plain: TestHttpServer;
  beforeAll(async () => {
    cert = makeSelfSigned();
    server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => res.end(`secure ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    plain = await startHttpServer((_req, res) => res.end('plain'));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await plain.close();
    cert.cleanup();
  });

  it('accepts a self-signed certificate with -k and shows it with -v', async () => {
    const r = await runNettk(['http', '-k', '-v', `https://127.0.0.1:${port}/k`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('secure /k');
    expect(r.stderr).toMatch(/^\* TLS TLSv1\.3 TLS_\w+, ALPN http\/1\.1, handshake /m);
    expect(r.stderr).toMatch(/^\* certificate subject: CN=localhost, O=nettk test$/m);
    expect(r.stderr).toMatch(/^\* certificate valid: .+ to .+$/m);
    expect(r.stderr).toMatch(/^\* certificate NOT verified: .*self-signed.* \(accepted because of -k\/--insecure\)$/m);
  });

  it('refuses an unverified certificate without -k, with a hint (exit 3)', async () => {
    const r = await runNettk(['http', `https://127.0.0.1:${port}/`]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^nettk: TLS handshake with 127\.0\.0\.1:\d+ failed: self-signed certificate \(use --cacert FILE to trust it, or -k\/--insecure to skip the check\)$/m);
  });

  it('verifies the server against --cacert, by name', async () => {
    const r = await runNettk(['http', '-v', '--cacert', cert.certFile, `https://localhost:${port}/ca`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('secure /ca');
    expect(r.stderr).toMatch(/^\* certificate verified$/m);
  });

  it('speaks raw bytes over TLS with --raw --tls', async () => {
    const r = await runNettk(['http', '--raw', '--tls', '-k', '127.0.0.1', String(port), 'GET /raw HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nsecure \/raw$/);
  });

  it('puts timings with a TLS phase and the certificate in --json', async () => {
    const r = await runNettk(['http', '--json', '-k', `https://127.0.0.1:${port}/j`]);
    const doc = JSON.parse(r.stdout);
    expect(doc.connection.tls).toMatchObject({ protocol: 'TLSv1.3', alpn: 'http/1.1', authorized: false, subject: 'CN=localhost, O=nettk test' });
    expect(doc.timings.phases.tlsMs).toBeGreaterThan(0);
    expect(doc.timings.tlsMs).toBeGreaterThanOrEqual(doc.timings.connectMs);
  });

  it('fails fast when https:// meets a plaintext server (exit 3)', async () => {
    const r = await runNettk(['http', '--connect-timeout', '3', `https://127.0.0.1:${plain.port}/`]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed: .*is this a TLS server\?/);
    expect(r.ms).toBeLessThan(ENDS_BEFORE_MS);
  });
});
