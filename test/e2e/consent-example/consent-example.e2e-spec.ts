import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, freePort, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createConsentApp } from '../../../apps/consent-example/src/main';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam } from '../../support/browser';
import { registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';

/** The hidden form fields of a page. */
function formFields(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
}

describe('the example login and consent app', () => {
  let server: TestServer;
  let app: Server;
  let appUrl: string;
  let clientId: string;

  beforeAll(async () => {
    const appPort = await freePort();
    appUrl = `http://127.0.0.1:${appPort}`;
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      {
        issuerIsPublicUrl: true,
        env: {
          URLS_LOGIN: `${appUrl}/login`,
          URLS_CONSENT: `${appUrl}/consent`,
          URLS_LOGOUT: `${appUrl}/logout`,
        },
      },
    );
    app = createConsentApp(server.adminUrl).listen(appPort, '127.0.0.1');
    await new Promise((resolve) => app.once('listening', resolve));
    expect((app.address() as AddressInfo).port).toBe(appPort);
    const client = await registerClient(server.adminUrl, {
      client_name: 'Example RP',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid profile',
    });
    clientId = client.client_id as string;
  });
  afterAll(async () => {
    app?.close();
    await server?.close();
  });

  async function loginPage(browser: CookieBrowser) {
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid profile',
      state: 'state-0123456789',
    });
    const toLogin = await browser.get(`${server.publicUrl}/oauth2/auth?${query}`);
    return browser.get(toLogin.location as string);
  }

  it('refuses a form without its CSRF token, and a wrong password, without losing the request', async () => {
    const browser = new CookieBrowser();
    const page = await loginPage(browser);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign in to Example RP');
    const fields = formFields(page.text);
    const forged = await new CookieBrowser().post(`${appUrl}/login`, {
      ...fields,
      email: 'foo@bar.com',
      password: 'foobar',
    });
    expect(forged.status).toBe(403);
    // A multi-byte token as long (in characters) as the real one is refused, not a crash.
    const multiByte = await browser.post(`${appUrl}/login`, {
      ...fields,
      _csrf: 'é'.repeat(String(fields._csrf).length),
      email: 'foo@bar.com',
      password: 'foobar',
    });
    expect(multiByte.status).toBe(403);
    const wrong = await browser.post(`${appUrl}/login`, {
      ...fields,
      email: 'foo@bar.com',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The email address or password is wrong.');
    const right = await browser.post(`${appUrl}/login`, {
      ...fields,
      email: 'foo@bar.com',
      password: 'foobar',
    });
    // RFC 9700 §4.12: after a POST that carried the password, 303 makes the browser GET.
    expect(right.status).toBe(303);
    const toConsent = await browser.get(right.location as string);
    const consent = await browser.get(toConsent.location as string);
    expect(consent.text).toContain('Example RP wants access');
    const granted = await browser.post(`${appUrl}/consent`, {
      ...formFields(consent.text),
      grant_scope: 'openid',
      submit: 'allow',
    });
    const done = await browser.get(granted.location as string);
    expect(queryParam(done.location, 'code')).toMatch(/^ory_ac_/);
    expect(queryParam(done.location, 'scope')).toBe('openid');
  });

  it('sends a cancelled sign-in back to the client as access_denied', async () => {
    const browser = new CookieBrowser();
    const page = await loginPage(browser);
    const cancelled = await browser.post(`${appUrl}/login`, {
      ...formFields(page.text),
      submit: 'deny',
    });
    const back = await browser.get(cancelled.location as string);
    expect(queryParam(back.location, 'error')).toBe('access_denied');
  });

  it('shows a readable page for a challenge that is not valid', async () => {
    const answer = await new CookieBrowser().get(`${appUrl}/login?login_challenge=garbage`);
    expect(answer.status).toBe(404);
    expect(answer.text).toContain('This link is no longer valid');
  });
});
