import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  key: Buffer;
  cert: Buffer;
  certFile: string;
  cleanup(): void;
}

/** Why TLS tests cannot run here, or undefined when openssl is available. */
export function opensslMissing(): string | undefined {
  return spawnSync('openssl', ['version']).status === 0 ? undefined : 'openssl is not installed: the TLS tests need it to make a self-signed certificate';
}

/** A fresh self-signed certificate for localhost and 127.0.0.1 (EC P-256: fast to generate), made with openssl. */
export function makeSelfSigned(): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'nettk-http-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=localhost/O=nettk test', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { timeout: 20_000, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl req failed: ${r.stderr}`);
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
