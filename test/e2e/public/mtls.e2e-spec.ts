import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateJwk, createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import {
  CertificateWorkshop,
  derBase64,
  escapedPem,
  mtlsEnv,
  postWithCertificate,
  xfcc,
} from '../../support/certificates';
import { call, type HttpAnswer } from '../../support/http';
import { basic, introspect, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;

const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };
const MACHINE = { grant_types: ['client_credentials'], scope: 'read' };
const SAN_HOLDER = '/O=Example/CN=san-holder';

/**
 * The certificates of this file. `clientA` (`/O=Example/CN=client-a`, of the trusted CA) is the
 * `dn-client`'s; `clientB` has DNS, IP, URI and email SANs matching no client; `otherOrg` is
 * `/O=Other/CN=client-a`; `rogueA`, `expiredA`, `selfA` and `selfOther` have the subject of
 * `clientA` but an untrusted CA, a validity in 2020, or no CA (`selfA` is `self-client`'s);
 * `caA`, `serverA`, `agreementA` and `criticalA` have it too, from the trusted CA, but are no TLS
 * client certificates; `clientAuthA` is one, with key usages that say so.
 */
function makeCertificates(workshop: CertificateWorkshop) {
  const ca = workshop.authority('Tessera Test Client CA');
  const rogue = workshop.authority('Tessera Test Client CA'); // same name, another key
  const issue = (san: string) => workshop.issue(ca, SAN_HOLDER, { san: [san] });
  const withExtensions = (...extensions: string[]) =>
    workshop.issue(ca, '/O=Example/CN=client-a', { extensions });
  return {
    ca,
    clientA: workshop.issue(ca, '/O=Example/CN=client-a'),
    clientB: workshop.issue(ca, '/O=Example/CN=client-b', {
      san: [
        'DNS:other.example.com',
        'IP:192.0.2.8',
        'URI:spiffe://example.org/other',
        'email:other@example.com',
      ],
    }),
    otherOrg: workshop.issue(ca, '/O=Other/CN=client-a'),
    rogueA: workshop.issue(rogue, '/O=Example/CN=client-a'),
    expiredA: workshop.expired(ca, '/O=Example/CN=client-a'),
    selfA: workshop.selfSigned('/O=Example/CN=client-a'),
    selfOther: workshop.selfSigned('/O=Example/CN=client-a'),
    caA: withExtensions('basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign'),
    serverA: withExtensions('extendedKeyUsage=serverAuth'),
    agreementA: withExtensions('keyUsage=critical,keyAgreement'),
    criticalA: withExtensions('1.3.6.1.4.1.55555.1=critical,ASN1:UTF8String:x'),
    clientAuthA: withExtensions(
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=clientAuth',
    ),
    dns: issue('DNS:client.example.com'),
    wildcard: issue('DNS:*.example.com'),
    ip: issue('IP:192.0.2.7'),
    uri: issue('URI:spiffe://example.org/client'),
    email: issue('email:client@example.com'),
  };
}

type Certificates = ReturnType<typeof makeCertificates>;
type CertificateName = Exclude<keyof Certificates, 'ca'>;

const workshop = new CertificateWorkshop();
let certs: Certificates;
beforeAll(() => {
  certs = makeCertificates(workshop);
});
afterAll(() => workshop.dispose());

/** The header value of the named certificate, URL-encoded PEM as nginx forwards it. */
const header = (name: CertificateName | undefined): string | undefined =>
  name === undefined ? undefined : escapedPem(certs[name].cert);

function expectInvalidClient(answer: HttpAnswer<Json>, label: string): void {
  expect(answer.status, `${label}: ${answer.text}`).toBe(401);
  expect(answer.body.error, label).toBe('invalid_client');
}

/** The `tls_client_auth` clients, each with the one field it is recognised by. */
const TLS_CLIENTS: Record<string, Json> = {
  'dn-client': { tls_client_auth_subject_dn: 'CN=client-a,O=Example' },
  'dns-client': { tls_client_auth_san_dns: 'client.example.com' },
  'ip-client': { tls_client_auth_san_ip: '192.0.2.7' },
  'uri-client': { tls_client_auth_san_uri: 'spiffe://example.org/client' },
  'email-client': { tls_client_auth_san_email: 'client@example.com' },
};

async function registerClients(adminUrl: string): Promise<void> {
  for (const [clientId, field] of Object.entries(TLS_CLIENTS)) {
    await registerClient(adminUrl, {
      client_id: clientId,
      token_endpoint_auth_method: 'tls_client_auth',
      ...field,
      ...MACHINE,
    });
  }
  await registerClient(adminUrl, {
    client_id: 'self-client',
    token_endpoint_auth_method: 'self_signed_tls_client_auth',
    jwks: { keys: [certificateJwk(certs.selfA.cert)] },
    ...MACHINE,
  });
  await registerClient(adminUrl, {
    client_id: 'secret-client',
    client_secret: 'secret-1',
    ...MACHINE,
  });
}

describe.each(TEST_ENGINES)('mutual-TLS client authentication (RFC 8705 §2) on %s', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, { engine, env: mtlsEnv(certs.ca) });
    await registerClients(server.adminUrl);
  });
  afterAll(() => server?.close());

  /** A client_credentials request of `clientId` (in the form) through the proxy. */
  const clientCredentials = (clientId: string, certificate: string | undefined) =>
    postWithCertificate(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'client_credentials', client_id: clientId },
      certificate,
    );

  it('keeps the RFC 8705 metadata of a client, which has no secret', async () => {
    const answer = await call<Json>('GET', `${server.adminUrl}/admin/clients/dn-client`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=client-a,O=Example',
    });
    expect(answer.body.client_secret ?? '').toBe('');
    const self = await call<Json>('GET', `${server.adminUrl}/admin/clients/self-client`);
    expect(self.body.token_endpoint_auth_method).toBe('self_signed_tls_client_auth');
    expect(self.body.client_secret ?? '').toBe('');
  });

  it.each([
    ['dn-client', 'clientA', ['clientB', 'otherOrg', 'dns']],
    ['dns-client', 'dns', ['clientB', 'wildcard', 'uri', 'clientA']],
    ['ip-client', 'ip', ['clientB', 'dns', 'clientA']],
    ['uri-client', 'uri', ['clientB', 'dns', 'clientA']],
    ['email-client', 'email', ['clientB', 'uri', 'clientA']],
  ] satisfies [string, CertificateName, CertificateName[]][])(
    'authenticates %s by the certificate %s, refusing the others with 401 invalid_client',
    async (clientId, good, others) => {
      const answer = await clientCredentials(clientId, header(good));
      expect(answer.status, answer.text).toBe(200);
      expect(typeof answer.body.access_token).toBe('string');
      const active = await introspect(server.adminUrl, String(answer.body.access_token));
      expect(active.body).toMatchObject({ active: true, client_id: clientId });
      for (const other of others)
        expectInvalidClient(await clientCredentials(clientId, header(other)), other);
    },
  );

  it('refuses tls_client_auth without a certificate, or with one untrusted, expired or self-signed', async () => {
    for (const name of [undefined, 'rogueA', 'expiredA', 'selfA'] as const)
      expectInvalidClient(await clientCredentials('dn-client', header(name)), String(name));
    // A secret is no way in either.
    const withSecret = await postWithCertificate(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'client_credentials' },
      undefined,
      basic('dn-client', 'any-secret'),
    );
    expectInvalidClient(withSecret, 'basic');
  });

  it('takes only TLS client certificates of the trusted CA: no CA, server certificate, key-agreement key or unknown critical extension', async () => {
    for (const name of ['caA', 'serverA', 'agreementA', 'criticalA'] as const)
      expectInvalidClient(await clientCredentials('dn-client', header(name)), name);
    const answer = await clientCredentials('dn-client', header('clientAuthA'));
    expect(answer.status, answer.text).toBe(200);
  });

  it('reads the header as URL-encoded PEM, base64 DER, or an Envoy X-Forwarded-Client-Cert element', async () => {
    const pem = certs.clientA.cert;
    for (const [format, value] of [
      ['escaped PEM', escapedPem(pem)],
      ['base64 DER', derBase64(pem)],
      ['XFCC', xfcc(pem)],
    ]) {
      const answer = await clientCredentials('dn-client', value);
      expect(answer.status, `${format}: ${answer.text}`).toBe(200);
    }
  });

  it('authenticates self_signed_tls_client_auth by the registered certificate only', async () => {
    const answer = await clientCredentials('self-client', header('selfA'));
    expect(answer.status, answer.text).toBe(200);
    const active = await introspect(server.adminUrl, String(answer.body.access_token));
    expect(active.body).toMatchObject({ active: true, client_id: 'self-client' });
    // Same subject: another self-signed key, and one issued by the trusted CA.
    for (const name of [undefined, 'selfOther', 'clientA'] as const)
      expectInvalidClient(await clientCredentials('self-client', header(name)), String(name));
  });

  it('lets a client_secret_basic client in with or without a certificate', async () => {
    for (const name of [undefined, 'clientA', 'rogueA', 'selfOther'] as const) {
      const answer = await postWithCertificate(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'client_credentials' },
        header(name),
        basic('secret-client', 'secret-1'),
      );
      expect(answer.status, `${name}: ${answer.text}`).toBe(200);
    }
  });

  it('authenticates revocation by the certificate: another one is 401 invalid_client', async () => {
    const token = String(
      (await clientCredentials('dn-client', header('clientA'))).body.access_token,
    );
    const revoke = (name: CertificateName | undefined) =>
      postWithCertificate(
        `${server.publicUrl}/oauth2/revoke`,
        { client_id: 'dn-client', token },
        header(name),
      );
    for (const name of [undefined, 'clientB', 'rogueA'] as const)
      expectInvalidClient(await revoke(name), String(name));
    expect((await introspect(server.adminUrl, token)).body.active).toBe(true);
    const revoked = await revoke('clientA');
    expect(revoked.status, revoked.text).toBe(200);
    expect((await introspect(server.adminUrl, token)).body.active).toBe(false);
  });

  it('advertises mutual TLS in discovery', async () => {
    const answer = await call<Json>('GET', `${server.publicUrl}/.well-known/openid-configuration`);
    expect(answer.status).toBe(200);
    expect(answer.body.tls_client_certificate_bound_access_tokens).toBe(true);
    expect(answer.body.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['tls_client_auth', 'self_signed_tls_client_auth']),
    );
  });
});

describe.each(TEST_ENGINES)('the certificate header from an untrusted peer on %s', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, { engine, env: mtlsEnv(certs.ca, '10.0.0.0/8') });
    await registerClients(server.adminUrl);
    await registerClient(server.adminUrl, {
      client_id: 'bound-secret-client',
      client_secret: 'secret-2',
      tls_client_certificate_bound_access_tokens: true,
      ...MACHINE,
    });
  });
  afterAll(() => server?.close());

  it('ignores the header, as if no certificate had been presented', async () => {
    for (const [clientId, name] of [
      ['dn-client', 'clientA'],
      ['self-client', 'selfA'],
    ] as const) {
      const answer = await postWithCertificate(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'client_credentials', client_id: clientId },
        header(name),
      );
      expectInvalidClient(answer, clientId);
    }
    // A client that wants bound tokens has no certificate to bind them to.
    const bound = await postWithCertificate(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'client_credentials' },
      header('clientA'),
      basic('bound-secret-client', 'secret-2'),
    );
    expect(bound.status, bound.text).toBe(400);
    expect(bound.body.error).toBe('invalid_request');
  });
});

describe.each(TEST_ENGINES)('discovery without OAUTH2_MTLS_ENABLED on %s', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, { engine });
  });
  afterAll(() => server?.close());

  it('advertises neither mTLS client authentication nor certificate-bound tokens', async () => {
    const answer = await call<Json>('GET', `${server.publicUrl}/.well-known/openid-configuration`);
    expect(answer.status).toBe(200);
    expect(answer.body.tls_client_certificate_bound_access_tokens ?? false).toBe(false);
    const methods = answer.body.token_endpoint_auth_methods_supported as string[];
    expect(methods).not.toContain('tls_client_auth');
    expect(methods).not.toContain('self_signed_tls_client_auth');
  });
});
