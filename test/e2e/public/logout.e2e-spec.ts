import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam, signInWithCode } from '../../support/browser';
import { call } from '../../support/http';
import { registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;
const REDIRECT = 'http://127.0.0.1:5555/cb';
const BYE = 'http://127.0.0.1:5555/bye';

describe.each(TEST_ENGINES)('logout on %s', (engine) => {
  let server: TestServer;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ path: string; token: string }> = [];
  const clients: Record<string, Json> = {};
  const admin = () => `${server.adminUrl}/admin/oauth2/auth`;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          token: new URLSearchParams(body).get('logout_token') ?? '',
        });
        // The first delivery to /back/flaky fails: the server must try again.
        const deliveries = received.filter((r) => r.path === '/back/flaky').length;
        response.writeHead(request.url === '/back/flaky' && deliveries === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true, env: { TTL_ID_TOKEN: '1s' } },
    );
    const base = {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    };
    clients.a = await registerClient(server.adminUrl, {
      ...base,
      frontchannel_logout_uri: `${receiverUrl}/front/a?x=1`,
      backchannel_logout_uri: `${receiverUrl}/back/a`,
      post_logout_redirect_uris: [BYE],
    });
    clients.b = await registerClient(server.adminUrl, {
      ...base,
      frontchannel_logout_uri: `${receiverUrl}/front/b`,
      backchannel_logout_uri: `${receiverUrl}/back/b`,
    });
    clients.c = await registerClient(server.adminUrl, base);
    clients.d = await registerClient(server.adminUrl, {
      ...base,
      frontchannel_logout_uri: `${receiverUrl}/front/d`,
      backchannel_logout_uri: `${receiverUrl}/back/d`,
    });
  });
  afterAll(async () => {
    await server?.close();
    receiver?.close();
  });

  /** A complete flow of `client` in `browser` as `subject`, remembered; returns the ID token. */
  async function signIn(browser: CookieBrowser, client: Json, subject = 'alice'): Promise<string> {
    const tokens = await signInWithCode(
      server,
      browser,
      client,
      { subject, remember: true },
      REDIRECT,
    );
    return tokens.id_token as string;
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !condition(); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('logs out RP-initiated: logout UI, front-channel page for the participants, signed back-channel tokens', async () => {
    const browser = new CookieBrowser();
    const idToken = await signIn(browser, clients.a);
    await signIn(browser, clients.b);
    await signIn(browser, clients.c);
    await signIn(new CookieBrowser(), clients.d);
    received.length = 0;
    const sid = (JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()) as Json)
      .sid as string;

    const start = await browser.get(
      `${server.publicUrl}/oauth2/sessions/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: BYE, state: 'bye-state' })}`,
    );
    expect(start.status).toBe(302);
    const challenge = queryParam(start.location, 'logout_challenge') as string;
    expect(start.location).toMatch(/\/oauth2\/fallbacks\/logout\?logout_challenge=/);
    const request = await call<Json>(
      'GET',
      `${admin()}/requests/logout?logout_challenge=${challenge}`,
    );
    expect(request.body).toMatchObject({
      subject: 'alice',
      sid,
      rp_initiated: true,
      client: { client_id: clients.a.client_id },
    });
    const accepted = await call<Json>(
      'PUT',
      `${admin()}/requests/logout/accept?logout_challenge=${challenge}`,
    );
    const page = await browser.get(accepted.body.redirect_to as string);
    expect(page.status).toBe(200);
    const frames = [...page.text.matchAll(/<iframe src="([^"]+)"/g)]
      .map((match) => match[1].replace(/&#38;/g, '&'))
      .sort();
    const expectedFrames = ['a', 'b'].map((name) => {
      const url = new URL(`${receiverUrl}/front/${name}${name === 'a' ? '?x=1' : ''}`);
      url.searchParams.set('iss', server.runtime.config.urls.self.issuer);
      url.searchParams.set('sid', sid);
      return url.toString();
    });
    expect(frames).toEqual(expectedFrames.sort());
    expect(page.text).toContain(`${BYE}?state=bye-state`);
    expect(browser.cookies.has('ory_hydra_session_dev')).toBe(false);

    await until(() => received.length >= 2);
    expect(received.map((r) => r.path).sort()).toEqual(['/back/a', '/back/b']);
    const keys = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
    for (const { path, token } of received) {
      const audience = path === '/back/a' ? clients.a.client_id : clients.b.client_id;
      const { payload } = await jwtVerify(token, keys, {
        issuer: server.runtime.config.urls.self.issuer,
        audience: audience as string,
      });
      expect(decodeProtectedHeader(token).typ).toBe('logout+jwt');
      expect(payload).toMatchObject({
        sid,
        sub: 'alice',
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      });
      expect(payload.exp).toBeGreaterThan(payload.iat as number);
      expect(payload.jti).toEqual(expect.any(String));
      expect(payload).not.toHaveProperty('nonce');
    }
    expect(
      (await call('GET', `${admin()}/requests/logout?logout_challenge=${challenge}`)).status,
    ).toBe(410);
    const again = await browser.get(
      `${server.publicUrl}/oauth2/auth?${new URLSearchParams({ client_id: clients.a.client_id as string, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-0123456789' })}`,
    );
    const login = await call<Json>(
      'GET',
      `${admin()}/requests/login?login_challenge=${queryParam(again.location, 'login_challenge')}`,
    );
    expect(login.body.skip).toBe(false);
  });

  it('refuses an unregistered post_logout_redirect_uri, and state without id_token_hint', async () => {
    const idToken = await signIn(new CookieBrowser(), clients.a, 'bob');
    const wrong = await new CookieBrowser().get(
      `${server.publicUrl}/oauth2/sessions/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: `${BYE}/elsewhere` })}`,
    );
    expect(wrong.status).toBe(302);
    expect(wrong.location?.startsWith(server.runtime.config.urls.error)).toBe(true);
    expect(queryParam(wrong.location, 'error')).toBe('invalid_request');
    const stateOnly = await new CookieBrowser().get(
      `${server.publicUrl}/oauth2/sessions/logout?state=abc`,
    );
    expect(queryParam(stateOnly.location, 'error')).toBe('invalid_request');
    const forged = await new CookieBrowser().get(
      `${server.publicUrl}/oauth2/sessions/logout?id_token_hint=abc.def.ghi`,
    );
    expect(queryParam(forged.location, 'error')).toBe('invalid_request');
  });

  it('refuses a hint sent with a client_id it was not issued to, and a logout token as a hint', async () => {
    const logoutUrl = (params: Record<string, string>) =>
      `${server.publicUrl}/oauth2/sessions/logout?${new URLSearchParams(params)}`;
    const idToken = await signIn(new CookieBrowser(), clients.a, 'carol');
    // RP-Initiated Logout §2: the OP MUST check the client_id against the hint.
    const mismatch = await new CookieBrowser().get(
      logoutUrl({ id_token_hint: idToken, client_id: clients.b.client_id as string }),
    );
    expect(queryParam(mismatch.location, 'error')).toBe('invalid_request');
    const matching = await new CookieBrowser().get(
      logoutUrl({ id_token_hint: idToken, client_id: clients.a.client_id as string }),
    );
    const challenge = queryParam(matching.location, 'logout_challenge') as string;
    expect(challenge).toBeTruthy();
    // A back-channel logout token is signed with the ID token key, but it is no ID token.
    received.length = 0;
    const accepted = await call<Json>(
      'PUT',
      `${admin()}/requests/logout/accept?logout_challenge=${challenge}`,
    );
    await new CookieBrowser().get(accepted.body.redirect_to as string);
    await until(() => received.some((delivery) => delivery.path === '/back/a'));
    const logoutToken = received.find((delivery) => delivery.path === '/back/a')!.token;
    const asHint = await new CookieBrowser().get(logoutUrl({ id_token_hint: logoutToken }));
    expect(queryParam(asHint.location, 'error')).toBe('invalid_request');
  });

  it('logs out OP-initiated by the session cookie; a reject changes nothing', async () => {
    const nobody = await new CookieBrowser().get(`${server.publicUrl}/oauth2/sessions/logout`);
    expect(nobody.location).toBe(server.runtime.config.urls.post_logout_redirect);

    const browser = new CookieBrowser();
    await signIn(browser, clients.c, 'carol');
    const start = await browser.get(`${server.publicUrl}/oauth2/sessions/logout`);
    const challenge = queryParam(start.location, 'logout_challenge') as string;
    const request = await call<Json>(
      'GET',
      `${admin()}/requests/logout?logout_challenge=${challenge}`,
    );
    expect(request.body).toMatchObject({ subject: 'carol', rp_initiated: false, client: null });
    expect(
      (await call('PUT', `${admin()}/requests/logout/reject?logout_challenge=${challenge}`)).status,
    ).toBe(204);
    expect(
      (await call('GET', `${admin()}/requests/logout?logout_challenge=${challenge}`)).status,
    ).toBe(200);
    const accepted = await call<Json>(
      'PUT',
      `${admin()}/requests/logout/accept?logout_challenge=${challenge}`,
    );
    const otherBrowser = await new CookieBrowser().get(accepted.body.redirect_to as string);
    expect(otherBrowser.location).toBe(server.runtime.config.urls.post_logout_redirect);
    expect(
      (await call('GET', `${admin()}/requests/logout?logout_challenge=${challenge}`)).status,
    ).toBe(200);
    const done = await browser.get(accepted.body.redirect_to as string);
    expect(done.status).toBe(302);
    expect(done.location).toBe(server.runtime.config.urls.post_logout_redirect);
    expect(
      (await call('GET', `${admin()}/requests/logout?logout_challenge=${challenge}`)).status,
    ).toBe(410);
    expect((await call('GET', `${admin()}/requests/logout?logout_challenge=garbage`)).status).toBe(
      404,
    );
  });

  it('ends a login session by sid from the admin API, with back-channel notifications', async () => {
    const idToken = await signIn(new CookieBrowser(), clients.b, 'dave');
    const sid = (JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()) as Json)
      .sid as string;
    received.length = 0;
    expect((await call('DELETE', `${admin()}/sessions/login?sid=${sid}`)).status).toBe(204);
    await until(() => received.length >= 1);
    expect(received.map((r) => r.path)).toEqual(['/back/b']);
  });

  it('retries a back-channel delivery that failed', async () => {
    const flaky = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      backchannel_logout_uri: `${receiverUrl}/back/flaky`,
    });
    const idToken = await signIn(new CookieBrowser(), flaky, 'erin');
    const sid = (JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()) as Json)
      .sid as string;
    received.length = 0;
    expect((await call('DELETE', `${admin()}/sessions/login?sid=${sid}`)).status).toBe(204);
    await until(() => received.length >= 2);
    expect(received.map((r) => r.path)).toEqual(['/back/flaky', '/back/flaky']);
    expect(received[1].token).toBe(received[0].token);
  });
});
