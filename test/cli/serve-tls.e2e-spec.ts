import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { cli, HTTPS_SERVER_ENV, TesseraProcess } from '../support/cli';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** A GET over HTTPS that trusts only `ca` (the test's self-signed certificate). */
function getTls(url: string, ca: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ca, servername: 'localhost' }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** A plain-HTTP GET; resolves with the error when the server does not speak plain HTTP. */
function getPlain(url: string): Promise<Answer | Error> {
  return new Promise((resolve) => {
    const request = httpRequest(url, { timeout: 3_000 }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve(error));
    request.end();
  });
}

/**
 * HTTPS on the listeners with Hydra's `serve.tls.*` keys (RFC 6819 §5.1.1): the certificate and
 * key from files or inline base64, a listener's own block overriding the shared one, HSTS on
 * HTTPS answers only, and a clear refusal to start with TLS on but no certificate.
 */
describe('tessera serve with serve.tls', () => {
  let dir: string;
  let certPath: string;
  let keyPath: string;
  let cert: Buffer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
    certPath = join(dir, 'tls.crt');
    keyPath = join(dir, 'tls.key');
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    cert = readFileSync(certPath);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves both APIs over HTTPS from files, with Strict-Transport-Security', async () => {
    const server = new TesseraProcess(['serve', 'all'], {
      env: {
        ...HTTPS_SERVER_ENV,
        SERVE_TLS_ENABLED: 'true',
        SERVE_TLS_CERT_PATH: certPath,
        SERVE_TLS_KEY_PATH: keyPath,
      },
    });
    try {
      const publicUrl = await server.listening('Public');
      const adminUrl = await server.listening('Admin');
      expect(publicUrl.startsWith('https://')).toBe(true);
      for (const url of [`${publicUrl}/health/alive`, `${adminUrl}/admin/health/alive`]) {
        const answer = await getTls(url, cert);
        expect(answer.status, url).toBe(200);
        expect(answer.headers['strict-transport-security'], url).toBe('max-age=31536000');
      }
      expect(await getPlain(`${publicUrl.replace('https:', 'http:')}/health/alive`)).toBeInstanceOf(
        Error,
      );
    } finally {
      await server.stop();
    }
  });

  it('lets a listener override the shared block: inline base64 PEMs, or plain HTTP', async () => {
    const server = new TesseraProcess(['serve', 'all'], {
      env: {
        ...HTTPS_SERVER_ENV,
        SERVE_PUBLIC_TLS_ENABLED: 'true',
        SERVE_PUBLIC_TLS_CERT_BASE64: cert.toString('base64'),
        SERVE_PUBLIC_TLS_KEY_BASE64: readFileSync(keyPath).toString('base64'),
      },
    });
    try {
      const publicUrl = await server.listening('Public');
      const adminUrl = await server.listening('Admin');
      expect((await getTls(`${publicUrl}/.well-known/jwks.json`, cert)).status).toBe(200);
      expect(adminUrl.startsWith('http://')).toBe(true);
      const admin = await call('GET', `${adminUrl}/admin/health/alive`);
      expect(admin.status).toBe(200);
      // HSTS over plain HTTP means nothing (RFC 6797 §7.2): the admin port does not send it.
      expect(admin.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with TLS enabled but no certificate, naming the key and never echoing the private key', async () => {
    const privateKey = readFileSync(keyPath).toString('base64');
    const run = await cli(['serve', 'all'], {
      env: { ...HTTPS_SERVER_ENV, SERVE_TLS_ENABLED: 'true', SERVE_TLS_KEY_BASE64: privateKey },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('serve.public.tls');
    expect(run.stderr).toContain('serve.admin.tls');
    expect(run.stderr + run.stdout).not.toContain(privateKey.slice(0, 40));
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const otherKey = join(dir, 'other.key');
    execFileSync('openssl', [
      'ecparam',
      '-name',
      'prime256v1',
      '-genkey',
      '-noout',
      '-out',
      otherKey,
    ]);
    const run = await cli(['serve', 'all'], {
      env: {
        ...HTTPS_SERVER_ENV,
        SERVE_TLS_ENABLED: 'true',
        SERVE_TLS_CERT_PATH: certPath,
        SERVE_TLS_KEY_PATH: otherKey,
      },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('serve.public.tls');
  });

  it('refuses a certificate file that is missing or not PEM', async () => {
    const run = await cli(['serve', 'all'], {
      env: {
        ...HTTPS_SERVER_ENV,
        SERVE_TLS_ENABLED: 'true',
        SERVE_TLS_CERT_PATH: join(dir, 'missing.crt'),
        SERVE_TLS_KEY_PATH: keyPath,
      },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('serve.public.tls.cert');
    const garbage = await cli(['serve', 'all'], {
      env: {
        ...HTTPS_SERVER_ENV,
        SERVE_TLS_ENABLED: 'true',
        SERVE_TLS_CERT_BASE64: Buffer.from('not a certificate').toString('base64'),
        SERVE_TLS_KEY_PATH: keyPath,
      },
    });
    expect(garbage.code).not.toBe(0);
    expect(garbage.stderr).toContain('serve.public.tls.cert');
  });
});
