import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { obtainCode } from '../../support/browser';
import { call } from '../../support/http';
import { basic, introspect, postForm, registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
type Json = Record<string, unknown>;

/** `ory_xx_<key>.<signature>` with one character of the signature changed. */
function altered(token: string): string {
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -1)}${last}`;
}

/**
 * Tokens used for what they are not (RFC 6819 §5.1.5, §5.2.2): a code, an access token and a
 * refresh token each presented where one of the others belongs, truncated or altered. Each is
 * refused with the RFC's error, and none of the attempts costs the genuine tokens anything.
 */
describe.each(TEST_ENGINES)('tokens used for another purpose on %s', (engine) => {
  let server: TestServer;
  let client: Json;
  let code: string;
  let tokens: { access_token: string; refresh_token: string; id_token: string };

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline',
    });
    code = await obtainCode(server, client.client_id as string, REDIRECT, 'openid offline');
    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(exchanged.status).toBe(200);
    tokens = exchanged.body as typeof tokens;
  });
  afterAll(() => server?.close());

  function token(form: Record<string, string>) {
    return postForm(
      `${server.publicUrl}/oauth2/token`,
      form,
      basic(client.client_id as string, client.client_secret as string),
    );
  }

  it('refuses anything but a refresh token at the refresh grant, and anything but a code at the code grant', async () => {
    const notRefresh = [
      tokens.access_token,
      code,
      tokens.id_token,
      tokens.refresh_token.slice(0, -4),
      altered(tokens.refresh_token),
      tokens.refresh_token.replace('ory_rt_', 'ory_at_'),
    ];
    for (const value of notRefresh) {
      const answer = await token({ grant_type: 'refresh_token', refresh_token: value });
      expect(answer.status, value).toBe(400);
      expect(answer.body.error, value).toBe('invalid_grant');
    }
    for (const value of [tokens.access_token, tokens.refresh_token, tokens.id_token]) {
      const answer = await token({
        grant_type: 'authorization_code',
        code: value,
        redirect_uri: REDIRECT,
      });
      expect(answer.status, value).toBe(400);
      expect(answer.body.error, value).toBe('invalid_grant');
    }
  });

  it('serves UserInfo for the access token only: refresh tokens, codes, ID tokens and altered tokens get 401 invalid_token', async () => {
    const others = [
      tokens.refresh_token,
      code,
      tokens.id_token,
      tokens.access_token.slice(0, -4),
      altered(tokens.access_token),
      tokens.access_token.replace('ory_at_', 'ory_rt_'),
    ];
    for (const value of others) {
      const answer = await call('GET', `${server.publicUrl}/userinfo`, {
        headers: { authorization: `Bearer ${value}` },
      });
      expect(answer.status, value).toBe(401);
      expect(answer.body.error, value).toBe('invalid_token');
      expect(answer.headers.get('www-authenticate'), value).toMatch(
        /^Bearer error="invalid_token"/,
      );
    }
    for (const value of [tokens.access_token.slice(0, -4), altered(tokens.refresh_token), code]) {
      expect((await introspect(server.adminUrl, value)).body, value).toEqual({ active: false });
    }
  });

  it('answers header fields over the HTTP limit with 431 and a JSON error on both ports', async () => {
    const huge = { authorization: `Basic ${'QUJD'.repeat(10_000)}` };
    const urls = [`${server.publicUrl}/oauth2/token`, `${server.adminUrl}/admin/oauth2/introspect`];
    for (const url of urls) {
      const answer = await call('POST', url, { body: 'token=x', headers: huge });
      expect(answer.status, url).toBe(431);
      expect(answer.headers.get('content-type'), url).toMatch(/^application\/json/);
      expect(answer.body.error, url).toBe('invalid_request');
    }
  });

  it('leaves the genuine tokens working after every misuse', async () => {
    const userinfo = await call('GET', `${server.publicUrl}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(userinfo.body.sub).toBe('alice');
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(String(refreshed.body.refresh_token)).toMatch(/^ory_rt_/);
  });
});
