import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import {
  type BrowserAnswer,
  codeRequestUrl,
  CookieBrowser,
  queryParam,
  signInWithCode,
} from '../../support/browser';
import { call, type HttpAnswer } from '../../support/http';
import { registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;
const REDIRECT = 'http://127.0.0.1:5555/cb';
const BYE = 'http://127.0.0.1:5555/bye';
const SESSION_COOKIE = 'ory_hydra_session_dev';
/** The lifespan of challenges and verifiers on the second server, and a wait beyond it. */
const SHORT_TTL = '3s';
const PAST_SHORT_TTL_MS = 3_300;

/** The challenges and verifiers met on the way through one flow. */
interface Trail {
  readonly browser: CookieBrowser;
  readonly loginChallenge: string;
  readonly loginVerifierUrl: string;
  readonly consentChallenge: string;
  readonly consentVerifierUrl: string;
}

/**
 * Replayed, expired, truncated and cross-purpose challenges and verifiers (hydra-compat §3.1):
 * each is sealed for one purpose and one flow, a used one does nothing again, and whatever is
 * refused is a 4xx — never a 5xx, a second code, or a session brought back to life.
 */
describe.each(TEST_ENGINES)('replayed and misused challenges and verifiers on %s', (engine) => {
  let server: TestServer;
  let shortLived: TestServer;
  const clients: Record<string, Json> = {};

  const registration = {
    redirect_uris: [REDIRECT],
    post_logout_redirect_uris: [BYE],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: 'openid',
  };

  beforeAll(async () => {
    const bootstraps = { public: createPublicApp, admin: createAdminApp };
    [server, shortLived] = await Promise.all([
      createTestServer(bootstraps, { engine, issuerIsPublicUrl: true }),
      createTestServer(bootstraps, {
        engine,
        issuerIsPublicUrl: true,
        env: { TTL_LOGIN_CONSENT_REQUEST: SHORT_TTL },
      }),
    ]);
    clients.main = await registerClient(server.adminUrl, registration);
    clients.short = await registerClient(shortLived.adminUrl, registration);
  });
  afterAll(async () => {
    await server?.close();
    await shortLived?.close();
  });

  const requests = (on: TestServer = server) => `${on.adminUrl}/admin/oauth2/auth/requests`;
  const idOf = (client: Json) => client.client_id as string;

  function decide(
    kind: 'login' | 'consent' | 'logout',
    verb: 'accept' | 'reject',
    challenge: string,
    json: unknown = {},
    on: TestServer = server,
  ): Promise<HttpAnswer<Json>> {
    return call<Json>(
      'PUT',
      `${requests(on)}/${kind}/${verb}?${kind}_challenge=${encodeURIComponent(challenge)}`,
      { json },
    );
  }

  function lookUp(
    kind: 'login' | 'consent' | 'logout',
    challenge: string,
    on: TestServer = server,
  ): Promise<HttpAnswer<Json>> {
    return call<Json>(
      'GET',
      `${requests(on)}/${kind}?${kind}_challenge=${encodeURIComponent(challenge)}`,
    );
  }

  /** One flow up to (not including) the use of its consent verifier. */
  async function trail(
    options: { on?: TestServer; client?: Json; login?: Json } = {},
  ): Promise<Trail> {
    const { on = server, client = clients.main, login: decision = { subject: 'alice' } } = options;
    const browser = new CookieBrowser();
    const start = await browser.get(codeRequestUrl(on.publicUrl, idOf(client), REDIRECT));
    const loginChallenge = queryParam(start.location, 'login_challenge') as string;
    const login = await decide('login', 'accept', loginChallenge, decision, on);
    const loginVerifierUrl = login.body.redirect_to as string;
    const consent = await browser.get(loginVerifierUrl);
    const consentChallenge = queryParam(consent.location, 'consent_challenge') as string;
    const granted = await decide(
      'consent',
      'accept',
      consentChallenge,
      { grant_scope: ['openid'] },
      on,
    );
    const consentVerifierUrl = granted.body.redirect_to as string;
    return { browser, loginChallenge, loginVerifierUrl, consentChallenge, consentVerifierUrl };
  }

  /** The browser went back to the client with `error` (and no code). */
  function expectClientError(answer: BrowserAnswer, error: string): void {
    expect(answer.status).toBe(303);
    expect(answer.location?.startsWith(`${REDIRECT}?`)).toBe(true);
    expect(queryParam(answer.location, 'error')).toBe(error);
    expect(queryParam(answer.location, 'code')).toBeNull();
  }

  /** The browser was sent to the error page with `error`. */
  function expectErrorPage(answer: BrowserAnswer, error: string, on: TestServer = server): void {
    expect(answer.status).toBe(302);
    expect(answer.location?.startsWith(on.runtime.config.urls.error)).toBe(true);
    expect(queryParam(answer.location, 'error')).toBe(error);
  }

  /** Whether a new authorization request of `browser` finds a remembered login (`skip`). */
  async function remembered(browser: CookieBrowser): Promise<boolean> {
    const start = await browser.get(codeRequestUrl(server.publicUrl, idOf(clients.main), REDIRECT));
    const request = await lookUp('login', queryParam(start.location, 'login_challenge') as string);
    expect(request.status).toBe(200);
    return request.body.skip as boolean;
  }

  /** A remembered sign-in of `browser`; returns the ID token. */
  async function signIn(browser: CookieBrowser, subject: string): Promise<string> {
    const tokens = await signInWithCode(
      server,
      browser,
      clients.main,
      { subject, remember: true },
      REDIRECT,
    );
    return tokens.id_token as string;
  }

  /** An OP-initiated logout of `browser` up to its verifier URL. */
  async function logoutVerifierUrl(browser: CookieBrowser, on: TestServer = server) {
    const start = await browser.get(`${on.publicUrl}/oauth2/sessions/logout`);
    const logoutChallenge = queryParam(start.location, 'logout_challenge') as string;
    const accepted = await decide('logout', 'accept', logoutChallenge, undefined, on);
    expect(accepted.status).toBe(200);
    return { logoutChallenge, verifierUrl: accepted.body.redirect_to as string };
  }

  it('refuses a used login verifier, in another browser and in its own', async () => {
    const flow = await trail();
    const code = await flow.browser.get(flow.consentVerifierUrl);
    expect(queryParam(code.location, 'code')).toMatch(/^ory_ac_/);

    expectClientError(await new CookieBrowser().get(flow.loginVerifierUrl), 'request_forbidden');

    // Used once, its CSRF cookie is gone: not even its own browser can use it again.
    expectClientError(await flow.browser.get(flow.loginVerifierUrl), 'request_forbidden');
  });

  it('does not sign a browser in again when it replays a login verifier after logging out', async () => {
    const flow = await trail({ login: { subject: 'victim', remember: true } });
    expect(queryParam((await flow.browser.get(flow.consentVerifierUrl)).location, 'code')).toMatch(
      /^ory_ac_/,
    );
    expect(flow.browser.cookies.has(SESSION_COOKIE)).toBe(true);
    const { verifierUrl } = await logoutVerifierUrl(flow.browser);
    await flow.browser.get(verifierUrl);
    expect(flow.browser.cookies.has(SESSION_COOKIE)).toBe(false);

    // The next person at this browser goes back in its history, to the login verifier.
    expectClientError(await flow.browser.get(flow.loginVerifierUrl), 'request_forbidden');
    expect(flow.browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await remembered(flow.browser)).toBe(false);
  });

  it('refuses a consent verifier replayed after its code was issued', async () => {
    const flow = await trail();
    const first = await flow.browser.get(flow.consentVerifierUrl);
    expect(queryParam(first.location, 'code')).toMatch(/^ory_ac_/);
    expectClientError(await flow.browser.get(flow.consentVerifierUrl), 'access_denied');
  });

  it('answers a used login or consent challenge 410, and a decision taken again leads to no code', async () => {
    const flow = await trail();
    await flow.browser.get(flow.consentVerifierUrl);
    for (const [kind, challenge] of [
      ['login', flow.loginChallenge],
      ['consent', flow.consentChallenge],
    ] as const) {
      const gone = await lookUp(kind, challenge);
      expect(gone.status, kind).toBe(410);
      expect(gone.body.redirect_to, kind).toEqual(expect.stringContaining('/oauth2/auth?'));
    }
    // Deciding again is answered (the challenge is sealed, not stored, as in Hydra), but what it
    // leads to gives no second code.
    const login = await decide('login', 'accept', flow.loginChallenge, { subject: 'alice' });
    expect(login.status).toBe(200);
    expectClientError(
      await flow.browser.get(login.body.redirect_to as string),
      'request_forbidden',
    );
    const consent = await decide('consent', 'accept', flow.consentChallenge, {
      grant_scope: ['openid'],
    });
    expect(consent.status).toBe(200);
    expectClientError(await flow.browser.get(consent.body.redirect_to as string), 'access_denied');
  });

  it('refuses every challenge at the endpoints of another kind with 404', async () => {
    const flow = await trail();
    const browser = new CookieBrowser();
    await signIn(browser, 'carol');
    const { logoutChallenge } = await logoutVerifierUrl(browser);
    const challenges = {
      login: flow.loginChallenge,
      consent: flow.consentChallenge,
      logout: logoutChallenge,
    };
    const loginVerifier = queryParam(flow.loginVerifierUrl, 'login_verifier') as string;
    const consentVerifier = queryParam(flow.consentVerifierUrl, 'consent_verifier') as string;
    for (const kind of ['login', 'consent', 'logout'] as const) {
      const foreign = [
        ...Object.entries(challenges).filter(([other]) => other !== kind),
        ['login verifier', loginVerifier],
        ['consent verifier', consentVerifier],
      ];
      for (const [other, challenge] of foreign) {
        const context = `${other} at ${kind}`;
        const read = await lookUp(kind, challenge);
        expect(read.status, context).toBe(404);
        expect(typeof read.body.error, context).toBe('string');
        for (const verb of ['accept', 'reject'] as const) {
          const body = kind === 'login' && verb === 'accept' ? { subject: 'mallory' } : {};
          expect((await decide(kind, verb, challenge, body)).status, `${verb} ${context}`).toBe(
            404,
          );
        }
      }
    }
    // The right challenges still work: nothing above used them up.
    expect((await lookUp('login', flow.loginChallenge)).status).toBe(200);
    expect((await lookUp('logout', logoutChallenge)).status).toBe(200);
  });

  it('refuses truncated and altered challenges with 404, and such verifiers at the public endpoints', async () => {
    const flow = await trail();
    const browser = new CookieBrowser();
    await signIn(browser, 'dave');
    const logout = await logoutVerifierUrl(browser);
    const mangle = (value: string) => [
      value.slice(0, -1),
      value.slice(0, -8),
      value.slice(0, Math.floor(value.length / 2)),
      `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`,
      `${value}A`,
    ];
    const challenges = {
      login: flow.loginChallenge,
      consent: flow.consentChallenge,
      logout: logout.logoutChallenge,
    };
    for (const [kind, challenge] of Object.entries(challenges) as Array<
      [keyof typeof challenges, string]
    >) {
      for (const mangled of mangle(challenge)) {
        expect((await lookUp(kind, mangled)).status, kind).toBe(404);
        const body = kind === 'login' ? { subject: 'alice' } : {};
        expect((await decide(kind, 'accept', mangled, body)).status, kind).toBe(404);
      }
    }
    for (const [name, url] of [
      ['login_verifier', flow.loginVerifierUrl],
      ['consent_verifier', flow.consentVerifierUrl],
    ]) {
      for (const mangled of mangle(queryParam(url, name) as string)) {
        const target = new URL(url);
        target.searchParams.set(name, mangled);
        expectClientError(await flow.browser.get(target.toString()), 'access_denied');
      }
    }
    for (const mangled of mangle(queryParam(logout.verifierUrl, 'logout_verifier') as string)) {
      const target = new URL(logout.verifierUrl);
      target.searchParams.set('logout_verifier', mangled);
      expectErrorPage(await browser.get(target.toString()), 'access_denied');
      expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    }
    // The genuine verifiers still work.
    const consent = await flow.browser.get(flow.consentVerifierUrl);
    expect(queryParam(consent.location, 'code')).toMatch(/^ory_ac_/);
    await browser.get(logout.verifierUrl);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('does nothing when a used logout verifier comes back, OP- or RP-initiated', async () => {
    const browser = new CookieBrowser();
    await signIn(browser, 'erin');
    const { logoutChallenge, verifierUrl } = await logoutVerifierUrl(browser);
    const done = await browser.get(verifierUrl);
    expect(done.location).toBe(server.runtime.config.urls.post_logout_redirect);
    expect((await lookUp('logout', logoutChallenge)).status).toBe(410);

    const idToken = await signIn(browser, 'erin');
    const replayed = await browser.get(verifierUrl);
    expect(replayed.status).toBe(302);
    expect(replayed.location).toBe(server.runtime.config.urls.post_logout_redirect);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    expect(await remembered(browser)).toBe(true);

    const start = await browser.get(
      `${server.publicUrl}/oauth2/sessions/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 'bye-state-1' })}`,
    );
    const challenge = queryParam(start.location, 'logout_challenge') as string;
    const rpVerifierUrl = (await decide('logout', 'accept', challenge)).body.redirect_to as string;
    const rpDone = await browser.get(rpVerifierUrl);
    expect(rpDone.location).toBe(`${BYE}?state=bye-state-1`);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);

    await signIn(browser, 'erin');
    const rpReplayed = await browser.get(rpVerifierUrl);
    expect(rpReplayed.status).toBe(302);
    expect(rpReplayed.location).toBe(`${BYE}?state=bye-state-1`);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    expect(await remembered(browser)).toBe(true);
  });

  it('refuses a login or consent verifier, or a logout challenge, as a logout verifier', async () => {
    const flow = await trail();
    const browser = new CookieBrowser();
    await signIn(browser, 'frank');
    const { logoutChallenge } = await logoutVerifierUrl(browser);
    const misused = [
      queryParam(flow.loginVerifierUrl, 'login_verifier') as string,
      queryParam(flow.consentVerifierUrl, 'consent_verifier') as string,
      logoutChallenge,
      flow.loginChallenge,
    ];
    for (const value of misused) {
      const answer = await browser.get(
        `${server.publicUrl}/oauth2/sessions/logout?${new URLSearchParams({ logout_verifier: value })}`,
      );
      expectErrorPage(answer, 'access_denied');
      expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    }
    expect(await remembered(browser)).toBe(true);
  });

  it('refuses expired login, consent and logout challenges and verifiers', async () => {
    const on = shortLived;
    const flow = await trail({ on, client: clients.short });
    const browser = new CookieBrowser();
    await signInWithCode(
      on,
      browser,
      clients.short,
      { subject: 'grace', remember: true },
      REDIRECT,
    );
    const logout = await logoutVerifierUrl(browser, on);
    await new Promise((resolve) => setTimeout(resolve, PAST_SHORT_TTL_MS));

    const expired = [
      ['login', flow.loginChallenge],
      ['consent', flow.consentChallenge],
      ['logout', logout.logoutChallenge],
    ] as const;
    for (const [kind, challenge] of expired) {
      const read = await lookUp(kind, challenge, on);
      expect(read.status, kind).toBe(401);
      expect(read.body.error, kind).toBe('request_unauthorized');
      const body = kind === 'login' ? { subject: 'grace' } : {};
      expect((await decide(kind, 'accept', challenge, body, on)).status, kind).toBe(401);
    }
    expectClientError(await flow.browser.get(flow.loginVerifierUrl), 'request_unauthorized');
    expectClientError(await flow.browser.get(flow.consentVerifierUrl), 'request_unauthorized');
    expectErrorPage(await browser.get(logout.verifierUrl), 'request_unauthorized', on);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
  });
});
