import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import {
  CookieBrowser,
  codeRequestUrl,
  obtainCode,
  queryParam,
  runFlow,
} from '../../support/browser';
import {
  CertificateWorkshop,
  escapedPem,
  mtlsEnv,
  type Pem,
  postWithCertificate,
  thumbprint,
  throughProxy,
} from '../../support/certificates';
import { call, type HttpAnswer } from '../../support/http';
import { basic, introspect, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;

const REDIRECT = 'http://127.0.0.1:5555/callback';
const BOUND = { tls_client_certificate_bound_access_tokens: true };
const MACHINE = {
  token_endpoint_auth_method: 'tls_client_auth',
  tls_client_auth_subject_dn: 'CN=bound,O=Example',
  grant_types: ['client_credentials'],
  scope: 'read',
};
const USER = {
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  scope: 'openid offline',
};

const workshop = new CertificateWorkshop();
let ca: Pem;
/** `/O=Example/CN=bound` of the trusted CA: the certificate the tokens are bound to. */
let bound: Pem;
/** `/O=Example/CN=other` of the same CA: someone else's certificate. */
let other: Pem;
beforeAll(() => {
  ca = workshop.authority('Tessera Test Client CA');
  bound = workshop.issue(ca, '/O=Example/CN=bound');
  other = workshop.issue(ca, '/O=Example/CN=other');
});
afterAll(() => workshop.dispose());

/** The proxy's header for a certificate, or none. */
const header = (pem: Pem | undefined): string | undefined => pem && escapedPem(pem.cert);

async function registerClients(adminUrl: string): Promise<void> {
  await registerClient(adminUrl, { client_id: 'bound-machine', ...MACHINE, ...BOUND });
  await registerClient(adminUrl, {
    client_id: 'bound-jwt',
    access_token_strategy: 'jwt',
    ...MACHINE,
    ...BOUND,
  });
  await registerClient(adminUrl, { client_id: 'unbound-machine', ...MACHINE });
  await registerClient(adminUrl, {
    client_id: 'bound-web',
    client_secret: 'web-secret',
    ...USER,
    ...BOUND,
  });
  await registerClient(adminUrl, {
    client_id: 'bound-spa',
    token_endpoint_auth_method: 'none',
    ...USER,
    ...BOUND,
  });
}

describe.each(TEST_ENGINES)('certificate-bound access tokens (RFC 8705 §3) on %s', (engine) => {
  let server: TestServer;
  let tokenUrl: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true, env: mtlsEnv(ca) },
    );
    tokenUrl = `${server.publicUrl}/oauth2/token`;
    await registerClients(server.adminUrl);
  });
  afterAll(() => server?.close());

  const machineToken = (clientId: string) =>
    postWithCertificate(
      tokenUrl,
      { grant_type: 'client_credentials', client_id: clientId },
      header(bound),
    );

  function userinfo(token: string, pem: Pem | undefined): Promise<HttpAnswer<Json>> {
    return call<Json>('GET', `${server.publicUrl}/userinfo`, {
      headers: throughProxy(header(pem), { authorization: `Bearer ${token}` }),
    });
  }

  /** Exchanges a code of `bound-web` (HTTP Basic) through the proxy with `pem`. */
  const exchangeWebCode = (code: string, pem: Pem | undefined) =>
    postWithCertificate(
      tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      header(pem),
      basic('bound-web', 'web-secret'),
    );

  /** Code flow tokens of the public client `bound-spa` (with PKCE), exchanged with `pem`. */
  async function spaExchange(pem: Pem | undefined): Promise<HttpAnswer<Json>> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const url = `${codeRequestUrl(server.publicUrl, 'bound-spa', REDIRECT, 'openid offline')}&${new URLSearchParams({ code_challenge: challenge, code_challenge_method: 'S256' })}`;
    const { answer } = await runFlow(new CookieBrowser(), server.adminUrl, url);
    const code = queryParam(answer.location, 'code') as string;
    const form = { client_id: 'bound-spa', code_verifier: verifier, redirect_uri: REDIRECT };
    return postWithCertificate(
      tokenUrl,
      { grant_type: 'authorization_code', code, ...form },
      header(pem),
    );
  }

  const refresh = (refreshToken: string, pem: Pem | undefined) =>
    postWithCertificate(
      tokenUrl,
      { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'bound-spa' },
      header(pem),
    );

  /** Introspection of `token` shows it active and bound to `pem`. */
  async function expectBoundTo(token: string, pem: Pem): Promise<void> {
    const answer = await introspect(server.adminUrl, token);
    expect(answer.body).toMatchObject({ active: true, token_type: 'Bearer' });
    expect(answer.body.cnf).toEqual({ 'x5t#S256': thumbprint(pem.cert) });
  }

  it('binds a client_credentials token: token_type bearer, cnf x5t#S256 in introspection', async () => {
    const answer = await machineToken('bound-machine');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.token_type).toBe('bearer');
    await expectBoundTo(String(answer.body.access_token), bound);
  });

  it('puts cnf x5t#S256 into a JWT access token', async () => {
    const answer = await machineToken('bound-jwt');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.token_type).toBe('bearer');
    const token = String(answer.body.access_token);
    expect(decodeJwt(token).cnf).toEqual({ 'x5t#S256': thumbprint(bound.cert) });
    await expectBoundTo(token, bound);
  });

  it('leaves the tokens of a client that did not ask for binding unbound', async () => {
    const answer = await machineToken('unbound-machine');
    expect(answer.status, answer.text).toBe(200);
    const active = await introspect(server.adminUrl, String(answer.body.access_token));
    expect(active.body).toMatchObject({ active: true, token_type: 'Bearer' });
    expect(active.body).not.toHaveProperty('cnf');
  });

  it('serves UserInfo for a bound code-flow token with its certificate only', async () => {
    const code = await obtainCode(server, 'bound-web', REDIRECT, 'openid');
    const exchanged = await exchangeWebCode(code, bound);
    expect(exchanged.status, exchanged.text).toBe(200);
    expect(exchanged.body.token_type).toBe('bearer');
    const token = String(exchanged.body.access_token);
    await expectBoundTo(token, bound);
    const ok = await userinfo(token, bound);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.sub).toBe('alice');
    for (const pem of [undefined, other]) {
      const refused = await userinfo(token, pem);
      const label = pem ? 'other certificate' : 'no certificate';
      expect(refused.status, label).toBe(401);
      expect(refused.body.error, label).toBe('invalid_token');
      expect(refused.headers.get('www-authenticate'), label).toBeTruthy();
    }
  });

  it('refuses to issue bound tokens to a client that presents no certificate: 400 invalid_request', async () => {
    const web = await exchangeWebCode(
      await obtainCode(server, 'bound-web', REDIRECT, 'openid'),
      undefined,
    );
    expect(web.status, web.text).toBe(400);
    expect(web.body.error).toBe('invalid_request');
    const spa = await spaExchange(undefined);
    expect(spa.status, spa.text).toBe(400);
    expect(spa.body.error).toBe('invalid_request');
  });

  it("binds a public client's refresh token: refused with another certificate (invalid_grant) or none (invalid_request), not used up, then refreshed bound", async () => {
    const tokens = await spaExchange(bound);
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.body.token_type).toBe('bearer');
    await expectBoundTo(String(tokens.body.access_token), bound);
    const refreshToken = String(tokens.body.refresh_token);
    // Another certificate does not hold the binding; none at all is a request the client, which
    // registered bound tokens, should never make.
    for (const [pem, error] of [
      [other, 'invalid_grant'],
      [undefined, 'invalid_request'],
    ] as const) {
      const refused = await refresh(refreshToken, pem);
      const label = pem ? 'other certificate' : 'no certificate';
      expect(refused.status, `${label}: ${refused.text}`).toBe(400);
      expect(refused.body.error, label).toBe(error);
    }
    // The refusals did not use the refresh token up.
    const refreshed = await refresh(refreshToken, bound);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.body.token_type).toBe('bearer');
    await expectBoundTo(String(refreshed.body.access_token), bound);
    // The new refresh token is bound as well.
    const next = String(refreshed.body.refresh_token);
    expect((await refresh(next, other)).body.error).toBe('invalid_grant');
    const again = await refresh(next, bound);
    expect(again.status, again.text).toBe(200);
    await expectBoundTo(String(again.body.access_token), bound);
  });
});
