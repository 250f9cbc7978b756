import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam } from '../support/browser';
import { basic, postForm, registerClient } from '../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const STATE = 'state-0123456789';

/**
 * A login, consent and logout UI written against Hydra's official SDK, exactly as the Hydra docs show it:
 * read the request, accept or reject it, send the browser to `redirect_to`.
 */
describe.each(TEST_ENGINES)('a consent app on @ory/hydra-client against %s', (engine) => {
  let server: TestServer;
  let hydra: OAuth2Api;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    hydra = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    const client = await registerClient(server.adminUrl, {
      client_name: 'SDK app',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline email',
    });
    clientId = client.client_id as string;
    secret = client.client_secret as string;
  });
  afterAll(() => server?.close());

  const authorizeUrl = () =>
    `${server.publicUrl}/oauth2/auth?${new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline email',
      state: STATE,
      ui_locales: 'de en',
      acr_values: 'urn:mfa',
    })}`;

  it('logs in and consents through the SDK, and the client gets working tokens', async () => {
    const browser = new CookieBrowser();
    const toLogin = await browser.get(authorizeUrl());
    const loginChallenge = queryParam(toLogin.location, 'login_challenge') as string;

    const { data: login } = await hydra.getOAuth2LoginRequest({ loginChallenge });
    expect(login.skip).toBe(false);
    expect(login.client.client_name).toBe('SDK app');
    expect(login.requested_scope).toEqual(['openid', 'offline', 'email']);
    expect(login.oidc_context).toEqual({ acr_values: ['urn:mfa'], ui_locales: ['de', 'en'] });
    const { data: afterLogin } = await hydra.acceptOAuth2LoginRequest({
      loginChallenge,
      acceptOAuth2LoginRequest: {
        subject: 'bob',
        remember: false,
        acr: 'urn:mfa',
        amr: ['otp'],
        context: { tenant: 't1' },
      },
    });

    const toConsent = await browser.get(afterLogin.redirect_to);
    const consentChallenge = queryParam(toConsent.location, 'consent_challenge') as string;
    const { data: consent } = await hydra.getOAuth2ConsentRequest({ consentChallenge });
    expect(consent).toMatchObject({
      subject: 'bob',
      acr: 'urn:mfa',
      amr: ['otp'],
      context: { tenant: 't1' },
      requested_scope: ['openid', 'offline', 'email'],
      login_session_id: login.session_id,
    });
    const { data: afterConsent } = await hydra.acceptOAuth2ConsentRequest({
      consentChallenge,
      acceptOAuth2ConsentRequest: {
        grant_scope: consent.requested_scope,
        grant_access_token_audience: consent.requested_access_token_audience,
        remember: false,
        session: { id_token: { email: 'bob@example.com' } },
      },
    });

    const done = await browser.get(afterConsent.redirect_to);
    expect(done.status).toBe(303);
    const code = queryParam(done.location, 'code') as string;
    const tokens = await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(clientId, secret),
    );
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'bearer', scope: 'openid offline email' });
  });

  it('rejects through the SDK; the client receives the error', async () => {
    const browser = new CookieBrowser();
    const toLogin = await browser.get(authorizeUrl());
    const loginChallenge = queryParam(toLogin.location, 'login_challenge') as string;
    const { data } = await hydra.rejectOAuth2LoginRequest({
      loginChallenge,
      rejectOAuth2Request: { error: 'access_denied', error_description: 'No such user.' },
    });
    const back = await browser.get(data.redirect_to as string);
    expect(queryParam(back.location, 'error')).toBe('access_denied');

    const again = await browser.get(authorizeUrl());
    const next = queryParam(again.location, 'login_challenge') as string;
    const { data: accepted } = await hydra.acceptOAuth2LoginRequest({
      loginChallenge: next,
      acceptOAuth2LoginRequest: { subject: 'bob' },
    });
    const toConsent = await browser.get(accepted.redirect_to);
    const consentChallenge = queryParam(toConsent.location, 'consent_challenge') as string;
    const { data: refused } = await hydra.rejectOAuth2ConsentRequest({
      consentChallenge,
      rejectOAuth2Request: { error: 'access_denied', error_description: 'Not today.' },
    });
    const end = await browser.get(refused.redirect_to as string);
    expect(queryParam(end.location, 'error')).toBe('access_denied');
    expect(queryParam(end.location, 'error_description')).toBe('Not today.');
  });

  it('reports SDK errors with Hydra statuses: 404 for an unknown challenge, 400 without a subject', async () => {
    await expect(hydra.getOAuth2LoginRequest({ loginChallenge: 'unknown' })).rejects.toMatchObject({
      response: { status: 404 },
    });
    const toLogin = await new CookieBrowser().get(authorizeUrl());
    const loginChallenge = queryParam(toLogin.location, 'login_challenge') as string;
    await expect(
      hydra.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: '' } }),
    ).rejects.toMatchObject({ response: { status: 400, data: { error: 'invalid_request' } } });
  });

  it('lists and revokes consent sessions, and handles a logout request, through the SDK', async () => {
    const browser = new CookieBrowser();
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: STATE,
    });
    const toLogin = await browser.get(`${server.publicUrl}/oauth2/auth?${query}`);
    const { data: login } = await hydra.acceptOAuth2LoginRequest({
      loginChallenge: queryParam(toLogin.location, 'login_challenge') as string,
      acceptOAuth2LoginRequest: { subject: 'carol', remember: true },
    });
    const toConsent = await browser.get(login.redirect_to);
    const { data: consent } = await hydra.acceptOAuth2ConsentRequest({
      consentChallenge: queryParam(toConsent.location, 'consent_challenge') as string,
      acceptOAuth2ConsentRequest: { grant_scope: ['openid'], remember: true },
    });
    await browser.get(consent.redirect_to);

    const { data: sessions } = await hydra.listOAuth2ConsentSessions({ subject: 'carol' });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].consent_request?.client?.client_id).toBe(clientId);
    expect(sessions[0].grant_scope).toEqual(['openid']);

    const toLogout = await browser.get(`${server.publicUrl}/oauth2/sessions/logout`);
    const logoutChallenge = queryParam(toLogout.location, 'logout_challenge') as string;
    const { data: logout } = await hydra.getOAuth2LogoutRequest({ logoutChallenge });
    expect(logout).toMatchObject({ subject: 'carol', rp_initiated: false });
    const { data: accepted } = await hydra.acceptOAuth2LogoutRequest({ logoutChallenge });
    const done = await browser.get(accepted.redirect_to);
    expect(done.status).toBe(302);

    await hydra.revokeOAuth2ConsentSessions({ subject: 'carol', all: true });
    expect((await hydra.listOAuth2ConsentSessions({ subject: 'carol' })).data).toEqual([]);
    await hydra.revokeOAuth2LoginSessions({ subject: 'carol' });
  });
});
