import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../apps/public/src/public.bootstrap';
import { codeRequestUrl, CookieBrowser, queryParam } from '../support/browser';
import { call } from '../support/http';
import { decodeProtectedHeader } from 'jose';
import { basic, postForm, registerClient } from '../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const CONCURRENT = 20;
type Json = Record<string, unknown>;

/** Races beyond codes and refresh tokens (grant-races): one winner where one is required, no 5xx. */
describe.each(TEST_ENGINES)('concurrent requests racing on one thing, on %s', (engine) => {
  let server: TestServer;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    const client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
    clientId = client.client_id as string;
    secret = client.client_secret as string;
  });
  afterAll(() => server?.close());

  const accept = async (kind: 'login' | 'consent', challenge: string, body: Json) => {
    const url = `${server.adminUrl}/admin/oauth2/auth/requests/${kind}/accept?${kind}_challenge=${encodeURIComponent(challenge)}`;
    return call<Json>('PUT', url, { json: body });
  };

  /** A browser whose next step is the URL carrying the consent verifier. */
  async function atConsentVerifier(browser: CookieBrowser): Promise<string> {
    const login = await browser.get(codeRequestUrl(server.publicUrl, clientId, REDIRECT));
    const loginAccepted = await accept('login', queryParam(login.location, 'login_challenge')!, {
      subject: 'alice',
    });
    const consent = await browser.get(loginAccepted.body.redirect_to as string);
    const consentAccepted = await accept(
      'consent',
      queryParam(consent.location, 'consent_challenge')!,
      { grant_scope: ['openid'] },
    );
    return consentAccepted.body.redirect_to as string;
  }

  it(`issues exactly one code for ${CONCURRENT} concurrent uses of one consent verifier`, async () => {
    const browser = new CookieBrowser();
    const verifierUrl = await atConsentVerifier(browser);
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () => browser.get(verifierUrl)),
    );
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    const codes = answers.filter((answer) => queryParam(answer.location, 'code'));
    expect(codes).toHaveLength(1);
  });

  it('keeps every concurrent consent accept of one challenge a 2xx or 4xx, the flow still single', async () => {
    const browser = new CookieBrowser();
    const login = await browser.get(codeRequestUrl(server.publicUrl, clientId, REDIRECT));
    const afterLogin = await accept('login', queryParam(login.location, 'login_challenge')!, {
      subject: 'bob',
    });
    const consent = await browser.get(afterLogin.body.redirect_to as string);
    const challenge = queryParam(consent.location, 'consent_challenge')!;
    const accepts = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        accept('consent', challenge, { grant_scope: ['openid'] }),
      ),
    );
    expect(accepts.filter((answer) => answer.status >= 500)).toEqual([]);
    const redirects = accepts.filter((answer) => answer.status === 200);
    expect(redirects.length).toBeGreaterThan(0);
    const finished = await Promise.all(
      redirects.map((answer) => browser.get(answer.body.redirect_to as string)),
    );
    expect(finished.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(finished.filter((answer) => queryParam(answer.location, 'code'))).toHaveLength(1);
  });

  it('applies concurrent updates of one client one by one: no 5xx, no lost or mixed write', async () => {
    const created = await registerClient(server.adminUrl, {
      client_name: 'start',
      grant_types: ['client_credentials'],
    });
    const id = created.client_id as string;
    const names = Array.from({ length: CONCURRENT }, (_, index) => `name-${index}`);
    const updates = await Promise.all(
      names.map((client_name) =>
        call<Json>('PUT', `${server.adminUrl}/admin/clients/${id}`, {
          json: { client_name, grant_types: ['client_credentials'], scope: client_name },
        }),
      ),
    );
    expect(updates.filter((answer) => ![200, 409].includes(answer.status))).toEqual([]);
    const winners = updates.filter((answer) => answer.status === 200);
    expect(winners.length).toBeGreaterThan(0);
    const final = (await call<Json>('GET', `${server.adminUrl}/admin/clients/${id}`)).body;
    expect(winners.map((answer) => answer.body.client_name)).toContain(final.client_name);
    // One write, whole: the name and the scope come from the same request.
    expect(final.scope).toBe(final.client_name);
  });

  it('creates a new key set from concurrent first keys without refusing any', async () => {
    const firsts = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        call('POST', `${server.adminUrl}/admin/keys/raced-new-set`, {
          json: { alg: 'ES256', use: 'sig', kid: `first-${index}` },
        }),
      ),
    );
    expect(firsts.map((answer) => answer.status)).toEqual(firsts.map(() => 201));
    const stored = await call<{ keys: Array<{ kid: string }> }>(
      'GET',
      `${server.adminUrl}/admin/keys/raced-new-set`,
    );
    expect(stored.body.keys).toHaveLength(12);
  });

  it('adds every key of concurrent rotations, each with its own kid, and signs with a published key', async () => {
    const rotations = await Promise.all(
      Array.from({ length: 10 }, () =>
        call<{ keys: Array<{ kid: string }> }>(
          'POST',
          `${server.adminUrl}/admin/keys/hydra.openid.id-token`,
          { json: { alg: 'ES256', use: 'sig' } },
        ),
      ),
    );
    expect(rotations.map((answer) => answer.status)).toEqual(rotations.map(() => 201));
    const added = rotations.map((answer) => answer.body.keys[0].kid);
    expect(new Set(added).size).toBe(added.length);
    const published = (
      await call<{ keys: Array<{ kid: string }> }>(
        'GET',
        `${server.publicUrl}/.well-known/jwks.json`,
      )
    ).body.keys.map((key) => key.kid);
    for (const kid of added) expect(published).toContain(kid);
    // The next ID token is signed by one of the published keys.
    const browser = new CookieBrowser();
    const callback = await browser.get(await atConsentVerifier(browser));
    const tokens = await postForm(
      `${server.publicUrl}/oauth2/token`,
      {
        grant_type: 'authorization_code',
        code: queryParam(callback.location, 'code')!,
        redirect_uri: REDIRECT,
      },
      basic(clientId, secret),
    );
    expect(tokens.status).toBe(200);
    expect(published).toContain(decodeProtectedHeader(String(tokens.body.id_token)).kid);
  });
});
