import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam, runFlow } from '../../support/browser';
import { call } from '../../support/http';
import { registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const STATE = 'state-0123456789';

describe.each(TEST_ENGINES)('authorization options and request objects on %s', (engine) => {
  let server: TestServer;
  let issuer: string;
  let requestObjects: Server;
  let requestObjectUrl: string;
  let servedObject = '';
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let client: Record<string, unknown>;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      {
        engine,
        issuerIsPublicUrl: true,
        env: {
          TTL_LOGIN_CONSENT_REQUEST: '2s',
          OAUTH2_PKCE_ENFORCED_FOR_PUBLIC_CLIENTS: 'true',
          URLS_REGISTRATION: 'http://127.0.0.1:5556/sign-up?from=tessera',
        },
      },
    );
    issuer = server.runtime.config.urls.self.issuer;
    requestObjects = createServer((_request, response) => response.end(servedObject));
    await new Promise<void>((resolve) => requestObjects.listen(0, '127.0.0.1', resolve));
    requestObjectUrl = `http://127.0.0.1:${(requestObjects.address() as AddressInfo).port}/request.jwt`;
    keys = await generateKeyPair('RS256');
    client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'implicit'],
      response_types: ['code', 'id_token', 'code id_token'],
      scope: 'openid profile',
      jwks: {
        keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'ro-1', alg: 'RS256', use: 'sig' }],
      },
      request_uris: [requestObjectUrl],
      request_object_signing_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_post',
    });
  });
  afterAll(async () => {
    await server?.close();
    requestObjects?.close();
  });

  const signed = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'ro-1' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys.privateKey);

  function url(params: Record<string, string>): string {
    return `${server.publicUrl}/oauth2/auth?${new URLSearchParams({ client_id: client.client_id as string, ...params })}`;
  }

  it('expires challenges after TTL_LOGIN_CONSENT_REQUEST: 401 on the admin API, request_unauthorized in the browser', async () => {
    const browser = new CookieBrowser();
    const start = await browser.get(
      url({ response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: STATE }),
    );
    const challenge = queryParam(start.location, 'login_challenge') as string;
    const accepted = await call(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${challenge}`,
      {
        json: { subject: 'alice' },
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const late = await call(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${challenge}`,
    );
    expect(late.status).toBe(401);
    expect(late.body.error).toBe('request_unauthorized');
    const back = await browser.get(accepted.body.redirect_to as string);
    expect(back.status).toBe(303);
    expect(queryParam(back.location, 'error')).toBe('request_unauthorized');
    expect(queryParam(back.location, 'state')).toBe(STATE);
  });

  it('requires PKCE from public clients when OAUTH2_PKCE_ENFORCED_FOR_PUBLIC_CLIENTS is set', async () => {
    const publicClient = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      token_endpoint_auth_method: 'none',
    });
    const query = new URLSearchParams({
      client_id: publicClient.client_id as string,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: STATE,
    });
    const answer = await new CookieBrowser().get(`${server.publicUrl}/oauth2/auth?${query}`);
    expect(queryParam(answer.location, 'error')).toBe('invalid_request');
    expect(queryParam(answer.location, 'error_description')).toContain('code_challenge');
    const confidential = await new CookieBrowser().get(
      url({ response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: STATE }),
    );
    expect(confidential.location).toMatch(/login_challenge=/);
  });

  it('takes the parameters of a signed request object, by value and by registered reference', async () => {
    const claims = {
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid profile',
      state: 'object-state-123',
      login_hint: 'alice@example.com',
    };
    const byValue = await new CookieBrowser().get(
      url({ scope: 'openid', request: await signed({ ...claims, client_id: client.client_id }) }),
    );
    const challenge = queryParam(byValue.location, 'login_challenge') as string;
    const request = await call(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${challenge}`,
    );
    expect(request.body).toMatchObject({
      requested_scope: ['openid', 'profile'],
      oidc_context: { login_hint: 'alice@example.com' },
    });

    servedObject = await signed(claims);
    const byReference = await new CookieBrowser().get(
      url({ scope: 'openid', request_uri: requestObjectUrl }),
    );
    expect(byReference.location).toMatch(/login_challenge=/);
  });

  it('refuses bad request objects before trusting their redirect URI', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ redirect_uri: REDIRECT })
      .setProtectedHeader({ alg: 'RS256', kid: 'ro-1' })
      .sign(other.privateKey);
    const base = { response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: STATE };
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...base, request: forged }, 'invalid_request_object'],
      [{ ...base, request: 'not-a-jwt' }, 'invalid_request_object'],
      [{ ...base, request_uri: 'http://127.0.0.1:1/elsewhere.jwt' }, 'invalid_request_uri'],
      [{ ...base, request: await signed({}), request_uri: requestObjectUrl }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const answer = await new CookieBrowser().get(url(params));
      expect(answer.status, error).toBe(302);
      expect(answer.location?.startsWith(server.runtime.config.urls.error), error).toBe(true);
      expect(queryParam(answer.location, 'error'), error).toBe(error);
    }
  });

  it('serves openid-client the implicit flow (id_token) and the hybrid flow (code id_token, form_post)', async () => {
    const config = await oidc.discovery(
      new URL(issuer),
      client.client_id as string,
      client.client_secret as string,
      undefined,
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    oidc.useIdTokenResponseType(config);
    const nonce = oidc.randomNonce();
    const implicitUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      nonce,
      state: STATE,
    });
    const implicit = await runFlow(new CookieBrowser(), server.adminUrl, implicitUrl.href);
    const idClaims = await oidc.implicitAuthentication(
      config,
      new URL(implicit.answer.location as string),
      nonce,
      { expectedState: STATE },
    );
    expect(idClaims).toMatchObject({ sub: 'alice', nonce, iss: issuer });

    const hybrid = await oidc.discovery(
      new URL(issuer),
      client.client_id as string,
      client.client_secret as string,
      undefined,
      {
        execute: [oidc.allowInsecureRequests, oidc.useCodeIdTokenResponseType],
      },
    );
    const hybridNonce = oidc.randomNonce();
    const hybridUrl = oidc.buildAuthorizationUrl(hybrid, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      nonce: hybridNonce,
      state: STATE,
      response_mode: 'form_post',
    });
    const posted = await runFlow(new CookieBrowser(), server.adminUrl, hybridUrl.href);
    const fields = Object.fromEntries(
      [...posted.answer.text.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((match) => [
        match[1],
        match[2],
      ]),
    );
    const callback = new Request(REDIRECT, { method: 'POST', body: new URLSearchParams(fields) });
    const tokens = await oidc.authorizationCodeGrant(hybrid, callback, {
      expectedNonce: hybridNonce,
      expectedState: STATE,
    });
    expect(tokens.claims()).toMatchObject({ sub: 'alice', nonce: hybridNonce });
  });

  it('sends prompt=registration to the registration UI, with identity_schema', async () => {
    const answer = await new CookieBrowser().get(
      url({
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: STATE,
        prompt: 'registration',
        identity_schema: 'customer',
      }),
    );
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^http:\/\/127\.0\.0\.1:5556\/sign-up\?/);
    expect(queryParam(answer.location, 'from')).toBe('tessera');
    expect(queryParam(answer.location, 'identity_schema')).toBe('customer');
    expect(queryParam(answer.location, 'login_challenge')).toBeTruthy();
  });
});
