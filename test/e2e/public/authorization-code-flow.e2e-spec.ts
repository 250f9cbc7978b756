import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, obtainCode, runFlow } from '../../support/browser';
import { basic, introspect, postForm, registerClient } from '../../support/oauth';
import { call } from '../../support/http';

const REDIRECT = 'http://127.0.0.1:5555/callback';

describe.each(TEST_ENGINES)('the authorization code flow with openid-client on %s', (engine) => {
  let server: TestServer;
  let issuer: string;
  let client: oidc.Configuration;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    issuer = server.runtime.config.urls.self.issuer;
    const registered = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline profile',
    });
    clientId = registered.client_id as string;
    secret = registered.client_secret as string;
    client = await oidc.discovery(
      new URL(issuer),
      clientId,
      secret,
      oidc.ClientSecretBasic(secret),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
  });
  afterAll(() => server?.close());

  async function codeFlow(scope = 'openid offline profile') {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: REDIRECT,
      scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const flow = await runFlow(new CookieBrowser(), server.adminUrl, url.href);
    return { ...flow, verifier, state, nonce };
  }

  it('issues an ID token, access and refresh tokens that openid-client accepts, and UserInfo', async () => {
    const { answer, verifier, state, nonce } = await codeFlow();
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^http:\/\/127\.0\.0\.1:5555\/callback\?/);
    const tokens = await oidc.authorizationCodeGrant(client, new URL(answer.location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: issuer,
      sub: 'alice',
      aud: [clientId],
      nonce,
      acr: 'urn:acr:pwd',
      amr: ['pwd'],
      email: 'alice@example.com',
    });
    expect(claims?.sid).toEqual(expect.any(String));
    expect(claims?.at_hash).toEqual(expect.any(String));
    expect(tokens.refresh_token).toMatch(/^ory_rt_/);
    expect(tokens.scope).toBe('openid offline profile');

    const userinfo = await oidc.fetchUserInfo(client, tokens.access_token, 'alice');
    expect(userinfo).toMatchObject({
      sub: 'alice',
      iss: issuer,
      aud: [clientId],
      email: 'alice@example.com',
    });
    expect(userinfo).not.toHaveProperty('nonce');

    const refreshed = await oidc.refreshTokenGrant(client, tokens.refresh_token as string);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ sub: 'alice', nonce, sid: claims?.sid });
    expect((await introspect(server.adminUrl, tokens.access_token)).body).toEqual({
      active: false,
    });
    expect((await introspect(server.adminUrl, refreshed.access_token)).body).toMatchObject({
      active: true,
      sub: 'alice',
      ext: { tier: 'gold' },
    });
  });

  it('refuses a code used twice and revokes the tokens of its first use', async () => {
    const { answer, verifier } = await codeFlow();
    const code = new URL(answer.location as string).searchParams.get('code') as string;
    const exchange = () =>
      postForm(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
        basic(clientId, secret),
      );
    const first = await exchange();
    expect(first.status).toBe(200);
    const second = await exchange();
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    expect((await introspect(server.adminUrl, first.body.access_token as string)).body).toEqual({
      active: false,
    });
    expect((await introspect(server.adminUrl, first.body.refresh_token as string)).body).toEqual({
      active: false,
    });
  });

  it('answers GET on the login request of a completed flow with 410 and where it went', async () => {
    const { loginChallenge, consentChallenge } = await codeFlow();
    const login = await call(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${loginChallenge}`,
    );
    expect(login.status).toBe(410);
    expect(login.body.redirect_to).toMatch(/\/oauth2\/auth\?/);
    const consent = await call(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/consent?challenge=${consentChallenge}`,
    );
    expect(consent.status).toBe(410);
  });

  async function exchange(code: string, form: Record<string, string>) {
    return postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...form },
      basic(clientId, secret),
    );
  }

  it('checks the PKCE verifier and the redirect URI of the exchange', async () => {
    const { answer, verifier } = await codeFlow();
    const code = new URL(answer.location as string).searchParams.get('code') as string;
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'The PKCE code verifier must be at least 43 characters.'],
      [{ code_verifier: 'short' }, 'The PKCE code verifier must be at least 43 characters.'],
      [{ code_verifier: `${verifier.slice(0, -1)}!` }, 'must only contain'],
      [{ code_verifier: oidc.randomPKCECodeVerifier() }, 'did not match'],
      [{ code_verifier: verifier, redirect_uri: `${REDIRECT}/x` }, "'redirect_uri'"],
    ];
    for (const [form, why] of cases) {
      const answer = await exchange(code, form);
      expect(answer.status, why).toBe(400);
      expect(answer.body.error, why).toBe('invalid_grant');
      expect(answer.body.error_description, why).toContain(why);
    }
    expect((await exchange(code, { code_verifier: verifier })).status).toBe(200);
  });

  it('refuses a code presented by another client, and keeps reserved claims over consent claims', async () => {
    const other = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'state-0123456789',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { answer } = await runFlow(new CookieBrowser(), server.adminUrl, url.href, {
      consent: {
        grant_scope: ['openid'],
        session: { id_token: { sub: 'mallory', iss: 'https://evil.example', nickname: 'al' } },
      },
    });
    const code = new URL(answer.location as string).searchParams.get('code') as string;
    const stolen = await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      basic(other.client_id as string, other.client_secret as string),
    );
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    const tokens = await exchange(code, { code_verifier: verifier });
    expect(tokens.status).toBe(200);
    const claims = JSON.parse(
      Buffer.from((tokens.body.id_token as string).split('.')[1], 'base64url').toString(),
    );
    expect(claims).toMatchObject({ sub: 'alice', iss: issuer, nickname: 'al' });
  });

  it('lets a client that registered no grant or response types use the code flow only, as in Hydra', async () => {
    const plain = await registerClient(server.adminUrl, {
      client_secret: 'plain-secret',
      redirect_uris: [REDIRECT],
      scope: 'openid offline',
    });
    expect(plain).toMatchObject({ grant_types: [], response_types: [] });
    const id = plain.client_id as string;
    const code = await obtainCode(server, id, REDIRECT, 'openid offline');
    const tokens = await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(id, 'plain-secret'),
    );
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toBeTypeOf('string');
    expect(tokens.body.refresh_token).toBeUndefined(); // refresh_token is not among its grants
    const others = await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'client_credentials' },
      basic(id, 'plain-secret'),
    );
    expect(others.status).toBe(400);
    expect(others.body.error).toBe('unauthorized_client');
  });

  it('signs ID tokens with the key published in the JWKS', async () => {
    const { answer, verifier, state, nonce } = await codeFlow('openid');
    const tokens = await oidc.authorizationCodeGrant(client, new URL(answer.location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const keys = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token as string, keys, {
      issuer: issuer,
      audience: clientId,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(Object.keys(payload).sort()).toEqual(
      [
        'acr',
        'amr',
        'at_hash',
        'aud',
        'auth_time',
        'email',
        'exp',
        'iat',
        'iss',
        'jti',
        'nonce',
        'rat',
        'sid',
        'sub',
      ].sort(),
    );
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('revokes the whole chain when a used refresh token comes back', async () => {
    const { answer, verifier } = await codeFlow();
    const code = new URL(answer.location as string).searchParams.get('code') as string;
    const first = (await exchange(code, { code_verifier: verifier })).body;
    const refresh = (token: string) =>
      postForm(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: token },
        basic(clientId, secret),
      );
    const second = await refresh(first.refresh_token as string);
    expect(second.status).toBe(200);
    expect(second.body.id_token).toEqual(expect.any(String));
    const reused = await refresh(first.refresh_token as string);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    for (const token of [second.body.access_token, second.body.refresh_token])
      expect((await introspect(server.adminUrl, token as string)).body).toEqual({ active: false });
    expect((await refresh(second.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('answers UserInfo only for a live access token, with RFC 6750 errors', async () => {
    const { answer, verifier } = await codeFlow();
    const code = new URL(answer.location as string).searchParams.get('code') as string;
    const tokens = (await exchange(code, { code_verifier: verifier })).body;
    const userinfo = (authorization?: string, form?: Record<string, string>) =>
      form
        ? postForm(`${server.publicUrl}/userinfo`, form)
        : call('GET', `${server.publicUrl}/userinfo`, {
            headers: authorization ? { authorization } : {},
          });
    const ok = await userinfo(`bearer ${tokens.access_token as string}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ sub: 'alice', email: 'alice@example.com', amr: ['pwd'] });
    for (const claim of ['nonce', 'at_hash', 'c_hash', 'exp', 'sid', 'jti'])
      expect(ok.body).not.toHaveProperty(claim);
    expect(
      (await userinfo(undefined, { access_token: tokens.access_token as string })).status,
    ).toBe(200);
    for (const bad of [
      `Bearer ${tokens.refresh_token as string}`,
      'Bearer ory_at_nonsense',
      'Basic abc',
      undefined,
    ]) {
      const refused = await userinfo(bad);
      expect(refused.status, bad).toBe(401);
      expect(refused.body.error, bad).toBe('invalid_token');
      expect(refused.headers.get('www-authenticate'), bad).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('signs UserInfo when the client registered userinfo_signed_response_alg', async () => {
    const signed = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      userinfo_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_post',
    });
    const query = new URLSearchParams({
      client_id: signed.client_id as string,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'state-0123456789',
    });
    const { answer } = await runFlow(
      new CookieBrowser(),
      server.adminUrl,
      `${server.publicUrl}/oauth2/auth?${query}`,
    );
    const tokens = await postForm(`${server.publicUrl}/oauth2/token`, {
      grant_type: 'authorization_code',
      code: new URL(answer.location as string).searchParams.get('code') as string,
      redirect_uri: REDIRECT,
      client_id: signed.client_id as string,
      client_secret: signed.client_secret as string,
    });
    const response = await fetch(`${server.publicUrl}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.body.access_token as string}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/jwt/);
    const keys = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(await response.text(), keys, {
      audience: signed.client_id as string,
    });
    expect(payload).toMatchObject({ sub: 'alice', iss: issuer, jti: expect.any(String) });
  });
});
