import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateWorkshop, escapedPem, type Pem, thumbprint } from '../support/certificates';
import { HTTPS_SERVER_ENV, TesseraProcess } from '../support/cli';
import { basic, introspect, registerClient } from '../support/oauth';

type Json = Record<string, unknown>;

interface Answer {
  readonly status: number;
  readonly body: Json;
  readonly text: string;
}

/** The TLS side of a request: the server's CA, and the client certificate if any. */
interface ClientTls {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

/** A form POST over HTTPS on a connection of its own (no pooled socket with another certificate). */
function postTls(
  url: string,
  form: Record<string, string>,
  tls: ClientTls,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const options = {
      ...tls,
      method: 'POST',
      agent: false,
      servername: 'localhost',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      },
    } as const;
    const request = httpsRequest(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Json = {};
        try {
          json = JSON.parse(text) as Json;
        } catch {
          // not JSON: the assertions on `body` fail and show `text`
        }
        resolve({ status: response.statusCode ?? 0, body: json, text });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * RFC 8705 over a real TLS connection: `serve all` with HTTPS on the public listener and
 * `oauth2.mtls.enabled`, which asks every client for a certificate without requiring one, and
 * authenticates `tls_client_auth` clients by the certificate of their connection (no proxy
 * header is configured, so none is believed).
 */
describe('tessera serve with oauth2.mtls over TLS', () => {
  const workshop = new CertificateWorkshop();
  let serverCa: Pem;
  let client: Pem;
  let rogue: Pem;
  let server: TesseraProcess;
  let tokenUrl: string;
  let adminUrl: string;

  beforeAll(async () => {
    serverCa = workshop.authority('Tessera Test Server CA');
    const tlsServer = workshop.issue(serverCa, '/CN=localhost', {
      san: ['DNS:localhost', 'IP:127.0.0.1'],
    });
    const clientCa = workshop.authority('Tessera Test Client CA');
    client = workshop.issue(clientCa, '/O=Example/CN=client-a');
    rogue = workshop.issue(workshop.authority('Tessera Test Client CA'), '/O=Example/CN=client-a');
    server = new TesseraProcess(['serve', 'all'], {
      env: {
        ...HTTPS_SERVER_ENV,
        SERVE_PUBLIC_TLS_ENABLED: 'true',
        SERVE_PUBLIC_TLS_CERT_BASE64: Buffer.from(tlsServer.cert).toString('base64'),
        SERVE_PUBLIC_TLS_KEY_BASE64: Buffer.from(tlsServer.key).toString('base64'),
        OAUTH2_MTLS_ENABLED: 'true',
        OAUTH2_MTLS_TRUSTED_CA_BASE64: Buffer.from(clientCa.cert).toString('base64'),
      },
    });
    tokenUrl = `${await server.listening('Public')}/oauth2/token`;
    adminUrl = await server.listening('Admin');
    await registerClients(adminUrl);
  });
  afterAll(async () => {
    await server?.stop();
    workshop.dispose();
  });

  async function registerClients(admin: string): Promise<void> {
    const machine = { grant_types: ['client_credentials'], scope: 'read' };
    const tls = { token_endpoint_auth_method: 'tls_client_auth', ...machine };
    const subject = { tls_client_auth_subject_dn: 'CN=client-a,O=Example' };
    await registerClient(admin, { client_id: 'tls-client', ...tls, ...subject });
    await registerClient(admin, {
      client_id: 'tls-bound',
      ...tls,
      ...subject,
      tls_client_certificate_bound_access_tokens: true,
    });
    await registerClient(admin, {
      client_id: 'secret-client',
      client_secret: 'secret-1',
      ...machine,
    });
  }

  /** A client_credentials request of `clientId` over a connection presenting `pem`, or nothing. */
  const clientCredentials = (clientId: string, pem?: Pem, headers: Record<string, string> = {}) =>
    postTls(
      tokenUrl,
      { grant_type: 'client_credentials', client_id: clientId },
      { ca: serverCa.cert, ...(pem ? { cert: pem.cert, key: pem.key } : {}) },
      headers,
    );

  it('authenticates a tls_client_auth client by the certificate of its connection', async () => {
    expect(tokenUrl.startsWith('https://')).toBe(true);
    const answer = await clientCredentials('tls-client', client);
    expect(answer.status, answer.text).toBe(200);
    const active = await introspect(adminUrl, String(answer.body.access_token));
    expect(active.body).toMatchObject({ active: true, client_id: 'tls-client' });
  });

  it("binds a token to the connection's certificate", async () => {
    const answer = await clientCredentials('tls-bound', client);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.token_type).toBe('bearer');
    const active = await introspect(adminUrl, String(answer.body.access_token));
    expect(active.body).toMatchObject({ active: true, token_type: 'Bearer' });
    expect(active.body.cnf).toEqual({ 'x5t#S256': thumbprint(client.cert) });
  });

  it('refuses it without a client certificate, or with one of an untrusted CA: 401 invalid_client', async () => {
    for (const [label, pem] of [
      ['no certificate', undefined],
      ['untrusted CA', rogue],
    ] as const) {
      const answer = await clientCredentials('tls-client', pem);
      expect(answer.status, `${label}: ${answer.text}`).toBe(401);
      expect(answer.body.error, label).toBe('invalid_client');
    }
  });

  it('believes no certificate header when none is configured', async () => {
    const forged = escapedPem(client.cert);
    const answer = await clientCredentials('tls-client', undefined, {
      'x-client-cert': forged,
      'ssl-client-cert': forged,
      'x-ssl-cert': forged,
      'x-forwarded-client-cert': `Cert="${forged}"`,
    });
    expect(answer.status, answer.text).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
  });

  it('asks for a certificate but does not require one: client_secret_basic works without', async () => {
    for (const [label, pem] of [
      ['no certificate', undefined],
      ['untrusted certificate', rogue],
    ] as const) {
      const answer = await postTls(
        tokenUrl,
        { grant_type: 'client_credentials' },
        { ca: serverCa.cert, ...(pem ? { cert: pem.cert, key: pem.key } : {}) },
        { authorization: basic('secret-client', 'secret-1') },
      );
      expect(answer.status, `${label}: ${answer.text}`).toBe(200);
    }
  });
});
