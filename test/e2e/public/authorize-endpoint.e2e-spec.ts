import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, fragmentParam, queryParam, runFlow } from '../../support/browser';
import { call } from '../../support/http';
import { registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const STATE = 'state-0123456789';
const VERIFIER = 'verifier-0123456789-0123456789-0123456789-xyz';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

describe.each(TEST_ENGINES)('the authorization endpoint on %s', (engine) => {
  let server: TestServer;
  let clientId: string;
  let errorUrl: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    errorUrl = server.runtime.config.urls.error;
    const client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT, 'http://127.0.0.1:5555/other?x=1'],
      grant_types: ['authorization_code', 'implicit', 'refresh_token'],
      response_types: [
        'code',
        'token',
        'id_token',
        'code id_token',
        'id_token token',
        'code token',
      ],
      scope: 'openid offline profile',
      audience: ['https://api.example'],
    });
    clientId = client.client_id as string;
  });
  afterAll(() => server?.close());

  function authorizeUrl(params: Record<string, string> = {}): string {
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline',
      state: STATE,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      ...params,
    });
    for (const [name, value] of Object.entries(params)) if (value === '') query.delete(name);
    return `${server.publicUrl}/oauth2/auth?${query}`;
  }

  it('sends a new request to the login UI with a challenge and a per-client CSRF cookie', async () => {
    const browser = new CookieBrowser();
    const answer = await browser.get(authorizeUrl());
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/\/oauth2\/fallbacks\/login\?login_challenge=/);
    const cookie = answer.headers
      .getSetCookie()
      .find((line) => line.startsWith('ory_hydra_login_csrf_dev_'));
    expect(cookie).toMatch(
      /^ory_hydra_login_csrf_dev_\d+=[0-9a-f]{32}; Max-Age=1800; Path=\/; .*HttpOnly; SameSite=Lax/,
    );
    const request = await call(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${queryParam(answer.location, 'login_challenge')}`,
    );
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({
      requested_scope: ['openid', 'offline'],
      requested_access_token_audience: [],
      skip: false,
      subject: '',
      oidc_context: {},
      client: { client_id: clientId },
      request_url: expect.stringContaining('/oauth2/auth?client_id='),
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(request.body.client).not.toHaveProperty('client_secret');
  });

  it('sends errors about the client or its redirect URI to the error page, never to the client', async () => {
    const cases: Array<Record<string, string>> = [
      { client_id: 'nobody' },
      { redirect_uri: 'http://127.0.0.1:5555/elsewhere' },
      { redirect_uri: `${REDIRECT}?extra=1` },
      { redirect_uri: 'http://127.0.0.1:5555/other' },
      { redirect_uri: `${REDIRECT}#fragment` },
      { response_mode: 'carrier-pigeon' },
    ];
    for (const params of cases) {
      const answer = await new CookieBrowser().get(authorizeUrl(params));
      expect(answer.status, JSON.stringify(params)).toBe(302);
      expect(answer.location?.startsWith(errorUrl), JSON.stringify(params)).toBe(true);
      expect(queryParam(answer.location, 'error')).toMatch(
        /^(invalid_client|invalid_request|unsupported_response_mode)$/,
      );
    }
    const page = await new CookieBrowser().get(
      `${errorUrl}?error=invalid_request&error_description=%3Cb%3E`,
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('&#60;b&#62;');
  });

  it('accepts a registered redirect URI with its query, and a loopback one on another port', async () => {
    for (const redirect of ['http://127.0.0.1:5555/other?x=1', 'http://127.0.0.1:6666/cb']) {
      const answer = await new CookieBrowser().get(authorizeUrl({ redirect_uri: redirect }));
      expect(answer.location, redirect).toMatch(/login_challenge=/);
    }
  });

  it('sends request errors back to the verified redirect URI with state (303)', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ state: 'short' }, 'invalid_state'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: '' }, 'invalid_request'],
      [{ response_type: 'code device' }, 'unsupported_response_type'],
      [{ response_type: '' }, 'unsupported_response_type'],
      [{ scope: 'openid admin' }, 'invalid_scope'],
      [{ audience: 'https://elsewhere.example' }, 'invalid_request'],
      [{ prompt: 'none' }, 'login_required'],
      [{ prompt: 'sometimes' }, 'invalid_request'],
      [{ registration: '{}' }, 'registration_not_supported'],
      [{ max_age: 'soon' }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const answer = await new CookieBrowser().get(authorizeUrl(params));
      expect(answer.status, JSON.stringify(params)).toBe(303);
      expect(answer.location?.startsWith(`${REDIRECT}?`), JSON.stringify(params)).toBe(true);
      expect(queryParam(answer.location, 'error'), JSON.stringify(params)).toBe(error);
      const expectedState = params.state ?? STATE;
      expect(queryParam(answer.location, 'state')).toBe(expectedState);
      // RFC 9207 §2: error responses name the issuer too.
      expect(queryParam(answer.location, 'iss')).toBe(server.runtime.config.urls.self.issuer);
    }
  });

  it('posts errors to the client in form_post mode', async () => {
    const answer = await new CookieBrowser().get(
      authorizeUrl({ response_mode: 'form_post', state: 'short' }),
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(`action="${REDIRECT}"`);
    expect(answer.text).toContain('name="error" value="invalid_state"');
    expect(answer.text).toContain('name="state" value="short"');
    expect(answer.text).toContain(`name="iss" value="${server.runtime.config.urls.self.issuer}"`);
    // The page may not be framed by another site, nor leak its URL through Referer.
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers implicit errors in the fragment, and refuses tokens in the query', async () => {
    const noNonce = await new CookieBrowser().get(
      authorizeUrl({ response_type: 'id_token', code_challenge: '', code_challenge_method: '' }),
    );
    expect(fragmentParam(noNonce.location, 'error')).toBe('invalid_request');
    expect(fragmentParam(noNonce.location, 'state')).toBe(STATE);
    const query = await new CookieBrowser().get(
      authorizeUrl({ response_type: 'token', response_mode: 'query' }),
    );
    expect(queryParam(query.location, 'error')).toBe('unsupported_response_mode');
  });

  it('brings a login reject and a consent reject to the client with error and state', async () => {
    const rejected = await runFlow(new CookieBrowser(), server.adminUrl, authorizeUrl(), {
      login: { reject: { error: 'access_denied', error_description: 'The user said no.' } },
    });
    expect(rejected.answer.status).toBe(303);
    expect(queryParam(rejected.answer.location, 'error')).toBe('access_denied');
    expect(queryParam(rejected.answer.location, 'error_description')).toBe('The user said no.');
    expect(queryParam(rejected.answer.location, 'state')).toBe(STATE);
    expect(queryParam(rejected.answer.location, 'iss')).toBe(
      server.runtime.config.urls.self.issuer,
    );

    const refused = await runFlow(new CookieBrowser(), server.adminUrl, authorizeUrl(), {
      consent: { reject: {} },
    });
    expect(queryParam(refused.answer.location, 'error')).toBe('consent request denied');
    expect(queryParam(refused.answer.location, 'state')).toBe(STATE);
  });

  it('refuses a verifier without the CSRF cookie, or with the cookie of another flow', async () => {
    const browser = new CookieBrowser();
    const start = await browser.get(authorizeUrl());
    const challenge = queryParam(start.location, 'login_challenge') as string;
    const accepted = await call(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${challenge}`,
      { json: { subject: 'alice' } },
    );
    const verifierUrl = accepted.body.redirect_to as string;

    const stranger = await new CookieBrowser().get(verifierUrl);
    expect(stranger.status).toBe(303);
    expect(queryParam(stranger.location, 'error')).toBe('request_forbidden');

    const other = new CookieBrowser();
    await other.get(authorizeUrl());
    const mixed = await other.get(verifierUrl);
    expect(queryParam(mixed.location, 'error')).toBe('request_forbidden');

    const owner = await browser.get(verifierUrl);
    expect(owner.location).toMatch(/consent_challenge=/);
  });

  it('refuses a consent verifier used twice', async () => {
    const browser = new CookieBrowser();
    const first = await runFlow(browser, server.adminUrl, authorizeUrl());
    expect(queryParam(first.answer.location, 'code')).toMatch(/^ory_ac_/);
    expect(queryParam(first.answer.location, 'iss')).toBe(server.runtime.config.urls.self.issuer);
    const consent = await call(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/consent/accept?consent_challenge=${first.consentChallenge}`,
      { json: { grant_scope: ['openid'] } },
    );
    const again = await browser.get(consent.body.redirect_to as string);
    expect(again.status).toBe(303);
    expect(queryParam(again.location, 'error')).toBe('access_denied');
  });

  it('tells apart challenges: garbage and the wrong kind are 404, none is 400', async () => {
    const { loginChallenge, consentChallenge } = await runFlow(
      new CookieBrowser(),
      server.adminUrl,
      authorizeUrl({ state: 'another-state-xyz' }),
      {
        consent: { reject: { error: 'access_denied' } },
      },
    );
    const admin = `${server.adminUrl}/admin/oauth2/auth/requests`;
    expect((await call('GET', `${admin}/login?login_challenge=${consentChallenge}`)).status).toBe(
      404,
    );
    expect((await call('GET', `${admin}/consent?consent_challenge=${loginChallenge}`)).status).toBe(
      404,
    );
    expect((await call('GET', `${admin}/login?login_challenge=garbage`)).status).toBe(404);
    const none = await call('GET', `${admin}/login`);
    expect(none.status).toBe(400);
    expect(none.body.error).toBe('invalid_request');
    const accept = await call('PUT', `${admin}/login/accept?login_challenge=${loginChallenge}`, {
      json: { remember: true },
    });
    expect(accept.status).toBe(400);
    const consent = await call('GET', `${admin}/consent?consent_challenge=${consentChallenge}`);
    expect(consent.status).toBe(200);
    expect(consent.body).toMatchObject({
      consent_request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      subject: 'alice',
      acr: 'urn:acr:pwd',
      amr: ['pwd'],
      login_challenge: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('answers hybrid and implicit response types in the fragment, and form_post as a page', async () => {
    const nonce = 'nonce-0123456789';
    const hybrid = await runFlow(
      new CookieBrowser(),
      server.adminUrl,
      authorizeUrl({ response_type: 'code id_token', nonce }),
    );
    expect(hybrid.answer.status).toBe(303);
    expect(fragmentParam(hybrid.answer.location, 'code')).toMatch(/^ory_ac_/);
    expect(fragmentParam(hybrid.answer.location, 'id_token')).toBeTruthy();
    expect(fragmentParam(hybrid.answer.location, 'state')).toBe(STATE);
    // RFC 9207 §2: every authorization response names its issuer, in the fragment too.
    expect(fragmentParam(hybrid.answer.location, 'iss')).toBe(
      server.runtime.config.urls.self.issuer,
    );

    const implicit = await runFlow(
      new CookieBrowser(),
      server.adminUrl,
      authorizeUrl({
        response_type: 'id_token token',
        nonce,
        code_challenge: '',
        code_challenge_method: '',
      }),
    );
    expect(fragmentParam(implicit.answer.location, 'access_token')).toMatch(/^ory_at_/);
    expect(fragmentParam(implicit.answer.location, 'token_type')).toBe('bearer');
    expect(Number(fragmentParam(implicit.answer.location, 'expires_in'))).toBeGreaterThan(3500);

    const posted = await runFlow(
      new CookieBrowser(),
      server.adminUrl,
      authorizeUrl({ response_mode: 'form_post' }),
    );
    expect(posted.answer.status).toBe(200);
    expect(posted.answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(posted.answer.text).toContain(`action="${REDIRECT}"`);
    expect(posted.answer.text).toMatch(/name="code" value="ory_ac_/);
    expect(posted.answer.text).toContain(`name="state" value="${STATE}"`);
  });

  it('answers no-store and no CORS headers, and trusts no X-Forwarded-* header (RFC 9700 §2.6, §4.3, §4.13)', async () => {
    const headers = {
      origin: 'https://attacker.example',
      'x-forwarded-host': 'attacker.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.9',
    };
    const preflight = await call('OPTIONS', authorizeUrl(), {
      headers: { ...headers, 'access-control-request-method': 'GET' },
    });
    const answers = [
      preflight,
      await call('GET', authorizeUrl(), { headers }),
      await call('GET', authorizeUrl({ state: 'short' }), { headers }),
    ];
    for (const answer of answers) {
      const cors = [...answer.headers.keys()].filter((name) => name.startsWith('access-control-'));
      expect(cors).toEqual([]);
    }
    const [, login, error] = answers;
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(error.headers.get('cache-control')).toBe('no-store');
    // Redirects are built from the configured URLs, never from what a proxy header claims.
    expect(login.headers.get('location')).not.toContain('attacker.example');
    expect(new URL(error.headers.get('location') as string).origin).toBe(new URL(REDIRECT).origin);
    expect(queryParam(error.headers.get('location') ?? undefined, 'iss')).toBe(
      server.runtime.config.urls.self.issuer,
    );
  });

  it('takes the authorization request as a POST form too', async () => {
    const browser = new CookieBrowser();
    const answer = await browser.post(`${server.publicUrl}/oauth2/auth`, {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: STATE,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(answer.status).toBe(302);
    const request = await call(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${queryParam(answer.location, 'login_challenge')}`,
    );
    expect(queryParam(request.body.request_url as string, 'state')).toBe(STATE);
  });
});
