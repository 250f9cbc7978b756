import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, runFlow } from '../../support/browser';
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
});
