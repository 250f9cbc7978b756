import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam } from '../../support/browser';
import { call } from '../../support/http';
import {
  basic,
  clientCredentialsToken,
  introspect,
  postForm,
  registerClient,
} from '../../support/oauth';

type Json = Record<string, unknown>;
const REDIRECT = 'http://127.0.0.1:5555/cb';

/**
 * No credential ever reaches the logs (DESIGN §3): a full run — client secrets, every kind of
 * token, codes, challenges and verifiers, through successes and failures — then every log line
 * (at debug level) is searched for each of them.
 */
describe.each(TEST_ENGINES)('log hygiene on %s', (engine) => {
  const lines: string[] = [];
  const credentials = new Set<string>();
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true, logLines: lines, logLevel: 'debug' },
    );
  });
  afterAll(() => server?.close());

  const keep = (...values: unknown[]) => {
    for (const value of values)
      if (typeof value === 'string' && value.length >= 8) credentials.add(value);
  };
  const admin = () => `${server.adminUrl}/admin/oauth2/auth/requests`;

  it('logs none of the secrets, tokens, codes, challenges or verifiers of a full run', async () => {
    const client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      scope: 'openid offline read',
    });
    const [id, secret] = [client.client_id as string, client.client_secret as string];
    keep(secret);
    const machine = await clientCredentialsToken(server.publicUrl, id, secret, { scope: 'read' });
    keep(machine.body.access_token);
    await clientCredentialsToken(server.publicUrl, id, 'a-wrong-secret-value');
    keep('a-wrong-secret-value');

    const browser = new CookieBrowser();
    const query = new URLSearchParams({
      client_id: id,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline',
      state: 'state-0123456789',
    });
    const start = await browser.get(`${server.publicUrl}/oauth2/auth?${query}`);
    const loginChallenge = queryParam(start.location, 'login_challenge') as string;
    const login = await call<Json>(
      'PUT',
      `${admin()}/login/accept?login_challenge=${loginChallenge}`,
      { json: { subject: 'alice', remember: true } },
    );
    const toConsent = await browser.get(login.body.redirect_to as string);
    const consentChallenge = queryParam(toConsent.location, 'consent_challenge') as string;
    const consent = await call<Json>(
      'PUT',
      `${admin()}/consent/accept?consent_challenge=${consentChallenge}`,
      { json: { grant_scope: ['openid', 'offline'] } },
    );
    const done = await browser.get(consent.body.redirect_to as string);
    const code = queryParam(done.location, 'code') as string;
    keep(
      loginChallenge,
      consentChallenge,
      queryParam(login.body.redirect_to as string, 'login_verifier'),
      queryParam(consent.body.redirect_to as string, 'consent_verifier'),
      code,
    );
    for (const value of browser.cookies.values()) keep(value);

    const tokens = (
      await postForm(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        basic(id, secret),
      )
    ).body;
    keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
    const refreshed = (
      await postForm(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        basic(id, secret),
      )
    ).body;
    keep(refreshed.access_token, refreshed.refresh_token, refreshed.id_token);
    await call(
      'GET',
      `${server.publicUrl}/userinfo?access_token=${refreshed.access_token as string}`,
    );
    await call('GET', `${server.publicUrl}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token as string}` },
    });
    await introspect(server.adminUrl, refreshed.access_token as string);
    await postForm(
      `${server.publicUrl}/oauth2/revoke`,
      { token: refreshed.refresh_token as string },
      basic(id, secret),
    );

    // A reused code: an error path, after the refresh (it revokes the chain).
    await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(id, secret),
    );
    const logout = await browser.get(
      `${server.publicUrl}/oauth2/sessions/logout?id_token_hint=${refreshed.id_token as string}`,
    );
    const logoutChallenge = queryParam(logout.location, 'logout_challenge') as string;
    const accepted = await call<Json>(
      'PUT',
      `${admin()}/logout/accept?logout_challenge=${logoutChallenge}`,
    );
    keep(logoutChallenge, queryParam(accepted.body.redirect_to as string, 'logout_verifier'));
    await browser.get(accepted.body.redirect_to as string);

    // The run was logged: request lines of the token endpoint are there.
    expect(lines.filter((line) => line.includes('/oauth2/token')).length).toBeGreaterThan(3);
    expect(credentials.size).toBeGreaterThan(15);
    const log = lines.join('\n');
    for (const credential of credentials)
      expect(log.includes(credential), credential.slice(0, 12)).toBe(false);
  });
});
