import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam } from '../../support/browser';
import { call } from '../../support/http';
import { basic, introspect, postForm, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;
const REDIRECT = 'http://127.0.0.1:5555/cb';
const STATE = 'state-0123456789';

describe.each(TEST_ENGINES)('remembered logins and consents on %s', (engine) => {
  let server: TestServer;
  let client: Json;
  const admin = () => `${server.adminUrl}/admin/oauth2/auth`;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline profile',
    });
  });
  afterAll(() => server?.close());

  function authorizeUrl(params: Record<string, string> = {}, forClient: Json = client): string {
    return `${server.publicUrl}/oauth2/auth?${new URLSearchParams({
      client_id: forClient.client_id as string,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline',
      state: STATE,
      ...params,
    })}`;
  }

  /** Starts a flow in `browser`; returns the login request the UI would see. */
  async function startLogin(browser: CookieBrowser, url: string) {
    const answer = await browser.get(url);
    const challenge = queryParam(answer.location, 'login_challenge');
    if (!challenge) return { answer, challenge: undefined, request: undefined };
    const request = await call<Json>(
      'GET',
      `${admin()}/requests/login?login_challenge=${challenge}`,
    );
    return { answer, challenge, request: request.body };
  }

  async function accept(kind: 'login' | 'consent', challenge: string, body: Json): Promise<string> {
    const answer = await call<Json>(
      'PUT',
      `${admin()}/requests/${kind}/accept?${kind}_challenge=${challenge}`,
      { json: body },
    );
    expect(answer.status, answer.text).toBe(200);
    return answer.body.redirect_to as string;
  }

  /** Logs in (remembering as asked), consents, and exchanges the code. */
  async function fullFlow(browser: CookieBrowser, url: string, login: Json, consent: Json = {}) {
    const started = await startLogin(browser, url);
    const toConsent = await browser.get(await accept('login', started.challenge as string, login));
    const consentChallenge = queryParam(toConsent.location, 'consent_challenge') as string;
    const consentRequest = (
      await call<Json>('GET', `${admin()}/requests/consent?consent_challenge=${consentChallenge}`)
    ).body;
    const done = await browser.get(
      await accept('consent', consentChallenge, { grant_scope: ['openid', 'offline'], ...consent }),
    );
    const code = queryParam(done.location, 'code') as string;
    const tokens = await postForm(
      `${server.publicUrl}/oauth2/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(client.client_id as string, client.client_secret as string),
    );
    return { loginRequest: started.request as Json, consentRequest, tokens: tokens.body };
  }

  it('skips login and consent the second time for a remembered user, keeping sid and auth_time', async () => {
    const browser = new CookieBrowser();
    const first = await fullFlow(
      browser,
      authorizeUrl(),
      { subject: 'alice', remember: true, remember_for: 3600 },
      { remember: true },
    );
    expect(first.loginRequest.skip).toBe(false);
    expect([...browser.cookies.keys()]).toContain('ory_hydra_session_dev');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await fullFlow(browser, authorizeUrl(), { subject: 'alice' });
    expect(second.loginRequest).toMatchObject({
      skip: true,
      subject: 'alice',
      session_id: first.loginRequest.session_id,
    });
    expect(second.consentRequest.skip).toBe(true);
    const [a, b] = [first, second].map((flow) => decodeJwt(flow.tokens.id_token as string));
    expect(b.sid).toBe(a.sid);
    expect(b.auth_time).toBe(a.auth_time);
  });

  it('does not remember a login with remember=false', async () => {
    const browser = new CookieBrowser();
    await fullFlow(browser, authorizeUrl(), { subject: 'bob', remember: false });
    const again = await startLogin(browser, authorizeUrl());
    expect(again.request).toMatchObject({ skip: false, subject: '' });
  });

  it('ends single sign-on when a later login is not remembered, and extends a session on request', async () => {
    const browser = new CookieBrowser();
    await fullFlow(browser, authorizeUrl(), { subject: 'oscar', remember: true });
    const skipped = await startLogin(browser, authorizeUrl());
    expect(skipped.request?.skip).toBe(true);
    const extended = await browser.get(
      await accept('login', skipped.challenge as string, {
        subject: 'oscar',
        extend_session_lifespan: true,
        remember_for: 60,
      }),
    );
    expect(
      extended.headers
        .getSetCookie()
        .some((line) => /^ory_hydra_session_dev=.+; Max-Age=60;/.test(line)),
    ).toBe(true);

    const fresh = await startLogin(browser, authorizeUrl({ prompt: 'login' }));
    await browser.get(
      await accept('login', fresh.challenge as string, { subject: 'oscar', remember: false }),
    );
    expect(browser.cookies.has('ory_hydra_session_dev')).toBe(false);
    expect((await startLogin(browser, authorizeUrl())).request?.skip).toBe(false);
  });

  it('honours prompt=login, prompt=none and max_age', async () => {
    const browser = new CookieBrowser();
    await fullFlow(
      browser,
      authorizeUrl(),
      { subject: 'carol', remember: true },
      { remember: true },
    );
    expect((await startLogin(browser, authorizeUrl({ prompt: 'login' }))).request?.skip).toBe(
      false,
    );
    const selectAccount = await startLogin(browser, authorizeUrl({ prompt: 'select_account' }));
    expect(selectAccount.request?.skip).toBe(false);
    expect((await startLogin(browser, authorizeUrl({ max_age: '0' }))).request?.skip).toBe(false);
    expect((await startLogin(browser, authorizeUrl({ max_age: '3600' }))).request?.skip).toBe(true);
    const none = await startLogin(browser, authorizeUrl({ prompt: 'none' }));
    expect(none.request?.skip).toBe(true);
    const tooOld = await browser.get(authorizeUrl({ prompt: 'none', max_age: '0' }));
    expect(queryParam(tooOld.location, 'error')).toBe('login_required');
    const stranger = await new CookieBrowser().get(authorizeUrl({ prompt: 'none' }));
    expect(queryParam(stranger.location, 'error')).toBe('login_required');
  });

  it('asks for a fresh login when the remembered user is accepted as someone else', async () => {
    const browser = new CookieBrowser();
    await fullFlow(browser, authorizeUrl(), { subject: 'dave', remember: true });
    const started = await startLogin(browser, authorizeUrl());
    const redirect = await accept('login', started.challenge as string, { subject: 'eve' });
    expect(queryParam(redirect, 'prompt')).toBe('login');
    expect(queryParam(redirect, 'login_verifier')).toBeNull();
  });

  it('checks id_token_hint against the remembered user', async () => {
    const browser = new CookieBrowser();
    const flow = await fullFlow(browser, authorizeUrl(), { subject: 'frank', remember: true });
    const hint = flow.tokens.id_token as string;
    const matching = await startLogin(browser, authorizeUrl({ id_token_hint: hint }));
    expect(matching.request).toMatchObject({
      skip: true,
      oidc_context: { id_token_hint_claims: { sub: 'frank' } },
    });
    const other = await fullFlow(new CookieBrowser(), authorizeUrl(), { subject: 'grace' });
    const mismatch = await browser.get(
      authorizeUrl({ id_token_hint: other.tokens.id_token as string }),
    );
    expect(queryParam(mismatch.location, 'error')).toBe('login_required');
    const garbage = await browser.get(authorizeUrl({ id_token_hint: 'not-a-token' }));
    expect(queryParam(garbage.location, 'error')).toBe('invalid_request');
  });

  it('asks for consent again with prompt=consent, and refuses prompt=none without a remembered consent', async () => {
    const browser = new CookieBrowser();
    await fullFlow(
      browser,
      authorizeUrl(),
      { subject: 'heidi', remember: true },
      { remember: true },
    );
    const forced = await startLogin(browser, authorizeUrl({ prompt: 'consent' }));
    const toConsent = await browser.get(
      await accept('login', forced.challenge as string, { subject: 'heidi' }),
    );
    const consent = await call<Json>(
      'GET',
      `${admin()}/requests/consent?consent_challenge=${queryParam(toConsent.location, 'consent_challenge')}`,
    );
    expect(consent.body.skip).toBe(false);

    const other = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
    const none = await startLogin(
      browser,
      authorizeUrl({ prompt: 'none', scope: 'openid' }, other),
    );
    const back = await browser.get(
      await accept('login', none.challenge as string, { subject: 'heidi' }),
    );
    expect(queryParam(back.location, 'error')).toBe('consent_required');
  });

  it('never skips consent for a public client whose redirect URI any app could claim', async () => {
    const native = await registerClient(server.adminUrl, {
      redirect_uris: ['com.example.app:/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      token_endpoint_auth_method: 'none',
    });
    const url = (verifier: string) =>
      `${server.publicUrl}/oauth2/auth?${new URLSearchParams({ client_id: native.client_id as string, response_type: 'code', redirect_uri: 'com.example.app:/cb', scope: 'openid', state: STATE, code_challenge: verifier, code_challenge_method: 'S256' })}`;
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const browser = new CookieBrowser();
    for (let round = 0; round < 2; round++) {
      const started = await startLogin(browser, url(challenge));
      const toConsent = await browser.get(
        await accept('login', started.challenge as string, { subject: 'ivan', remember: true }),
      );
      const consentChallenge = queryParam(toConsent.location, 'consent_challenge') as string;
      const consent = await call<Json>(
        'GET',
        `${admin()}/requests/consent?consent_challenge=${consentChallenge}`,
      );
      expect(consent.body.skip).toBe(false);
      await browser.get(
        await accept('consent', consentChallenge, { grant_scope: ['openid'], remember: true }),
      );
    }
  });

  it('lists consent sessions and revokes them with their tokens', async () => {
    const browser = new CookieBrowser();
    const first = await fullFlow(
      browser,
      authorizeUrl(),
      { subject: 'judy', remember: true },
      { remember: true, session: { id_token: { a: 1 } } },
    );
    const other = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
    const otherFlow = await startLogin(browser, authorizeUrl({ scope: 'openid' }, other));
    const toConsent = await browser.get(
      await accept('login', otherFlow.challenge as string, { subject: 'judy' }),
    );
    await browser.get(
      await accept('consent', queryParam(toConsent.location, 'consent_challenge') as string, {
        grant_scope: ['openid'],
      }),
    );

    expect((await call('GET', `${admin()}/sessions/consent`)).status).toBe(400);
    const bySession = await call<Json[]>(
      'GET',
      `${admin()}/sessions/consent?subject=judy&login_session_id=${first.loginRequest.session_id as string}`,
    );
    expect(bySession.body).toHaveLength(2);
    expect(
      (await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy&login_session_id=other`))
        .body,
    ).toEqual([]);
    const listed = await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy`);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    const mine = listed.body.find(
      (item) =>
        (item.consent_request as Json).client !== null &&
        ((item.consent_request as Json).client as Json).client_id === client.client_id,
    ) as Json;
    expect(mine).toMatchObject({
      grant_scope: ['openid', 'offline'],
      remember: true,
      remember_for: 0,
      session: { id_token: { a: 1 }, access_token: {} },
      handled_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      consent_request: {
        subject: 'judy',
        login_session_id: first.loginRequest.session_id,
        challenge: '',
      },
    });
    const paged = await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy&page_size=1`);
    expect(paged.body).toHaveLength(1);
    expect(paged.headers.get('link')).toContain('rel="next"');
    const none = await call<Json[]>('GET', `${admin()}/sessions/consent?subject=nobody`);
    expect(none.body).toEqual([]);

    for (const bad of [
      'subject=judy',
      'subject=judy&client=x&all=true',
      'consent_request_id=x&subject=judy',
      '',
    ]) {
      const refused = await call('DELETE', `${admin()}/sessions/consent?${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error, bad).toBe('invalid_request');
    }
    expect(
      (
        await call(
          'DELETE',
          `${admin()}/sessions/consent?subject=judy&client=${client.client_id as string}`,
        )
      ).status,
    ).toBe(204);
    expect((await introspect(server.adminUrl, first.tokens.access_token as string)).body).toEqual({
      active: false,
    });
    expect((await introspect(server.adminUrl, first.tokens.refresh_token as string)).body).toEqual({
      active: false,
    });
    expect(
      (await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy`)).body,
    ).toHaveLength(1);
    const remaining = (await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy`)).body;
    const byId = `consent_request_id=${remaining[0].consent_request_id as string}`;
    expect((await call('DELETE', `${admin()}/sessions/consent?${byId}`)).status).toBe(204);
    expect((await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy`)).body).toEqual(
      [],
    );
    const third = await fullFlow(browser, authorizeUrl(), { subject: 'judy' });
    const live = await introspect(server.adminUrl, third.tokens.access_token as string);
    expect(live.body.active).toBe(true);
    expect((await call('DELETE', `${admin()}/sessions/consent?subject=judy&all=true`)).status).toBe(
      204,
    );
    expect((await call<Json[]>('GET', `${admin()}/sessions/consent?subject=judy`)).body).toEqual(
      [],
    );
    expect((await introspect(server.adminUrl, third.tokens.access_token as string)).body).toEqual({
      active: false,
    });
  });

  it('ends login sessions by subject', async () => {
    const browser = new CookieBrowser();
    await fullFlow(browser, authorizeUrl(), { subject: 'mallory', remember: true });
    expect((await call('DELETE', `${admin()}/sessions/login`)).status).toBe(400);
    expect((await call('DELETE', `${admin()}/sessions/login?subject=mallory`)).status).toBe(204);
    expect((await startLogin(browser, authorizeUrl())).request?.skip).toBe(false);
  });
});
