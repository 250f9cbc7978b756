import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { obtainCode } from '../../support/browser';
import { call } from '../../support/http';
import { basic, introspect, postForm, registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
type Json = Record<string, unknown>;

/** RFC 6819 §5.1.5.3, §5.2.2.2, §5.2.2.4: codes expire, refresh tokens belong to one client and can be revoked. */
describe.each(TEST_ENGINES)(
  'codes and refresh tokens bound to their client and lifetime on %s',
  (engine) => {
    let server: TestServer;
    let owner: Json;
    let other: Json;

    beforeAll(async () => {
      server = await createTestServer(
        { public: createPublicApp, admin: createAdminApp },
        { engine, issuerIsPublicUrl: true, env: { TTL_AUTH_CODE: '1s' } },
      );
      const registration = {
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // `profile` is the client's but never granted: refreshes must not reach for it.
        scope: 'openid offline profile',
      };
      owner = await registerClient(server.adminUrl, registration);
      other = await registerClient(server.adminUrl, registration);
    });
    afterAll(() => server?.close());

    const as = (client: Json) => basic(client.client_id as string, client.client_secret as string);
    const token = (client: Json, form: Record<string, string>) =>
      postForm(`${server.publicUrl}/oauth2/token`, form, as(client));

    const code = () => obtainCode(server, owner.client_id as string, REDIRECT, 'openid offline');
    const exchange = async (client: Json, value: string) =>
      token(client, { grant_type: 'authorization_code', code: value, redirect_uri: REDIRECT });

    it('refuses an expired code with invalid_grant', async () => {
      const expiring = await code();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const answer = await exchange(owner, expiring);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_grant');
    });

    it("refuses another client's code and refresh token, and leaves them usable by their owner", async () => {
      const value = await code();
      expect((await exchange(other, value)).body.error).toBe('invalid_grant');
      const tokens = await exchange(owner, value);
      expect(tokens.status).toBe(200);
      const stolen = await token(other, {
        grant_type: 'refresh_token',
        refresh_token: String(tokens.body.refresh_token),
      });
      expect(stolen.status).toBe(400);
      expect(stolen.body.error).toBe('invalid_grant');
      const refreshed = await token(owner, {
        grant_type: 'refresh_token',
        refresh_token: String(tokens.body.refresh_token),
      });
      expect(refreshed.status).toBe(200);
    });

    it('revokes a refresh token at /oauth2/revoke, and the access tokens of its grant with it', async () => {
      const tokens = (await exchange(owner, await code())).body;
      const revoked = await postForm(
        `${server.publicUrl}/oauth2/revoke`,
        { token: String(tokens.refresh_token), token_type_hint: 'refresh_token' },
        as(owner),
      );
      expect(revoked.status).toBe(200);
      const refreshed = await token(owner, {
        grant_type: 'refresh_token',
        refresh_token: String(tokens.refresh_token),
      });
      expect(refreshed.status).toBe(400);
      expect(refreshed.body.error).toBe('invalid_grant');
      expect((await introspect(server.adminUrl, String(tokens.access_token))).body.active).toBe(
        false,
      );
    });

    it('refuses an expired refresh token with invalid_grant (RFC 9700 §4.14.2)', async () => {
      const shortLived = await registerClient(server.adminUrl, {
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid offline',
      });
      const lifespans = await call(
        'PUT',
        `${server.adminUrl}/admin/clients/${String(shortLived.client_id)}/lifespans`,
        { json: { authorization_code_grant_refresh_token_lifespan: '1s' } },
      );
      expect(lifespans.status).toBe(200);
      const value = await obtainCode(
        server,
        shortLived.client_id as string,
        REDIRECT,
        'openid offline',
      );
      const tokens = (await exchange(shortLived, value)).body;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const refreshed = await token(shortLived, {
        grant_type: 'refresh_token',
        refresh_token: String(tokens.refresh_token),
      });
      expect(refreshed.status).toBe(400);
      expect(refreshed.body.error).toBe('invalid_grant');
    });

    it('keeps the granted scope on refresh: a wider scope parameter widens nothing', async () => {
      const tokens = (await exchange(owner, await code())).body;
      const refreshed = await token(owner, {
        grant_type: 'refresh_token',
        refresh_token: String(tokens.refresh_token),
        scope: 'openid offline profile admin',
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.scope).toBe('openid offline');
      const answer = await introspect(server.adminUrl, String(refreshed.body.access_token));
      expect(answer.body.scope).toBe('openid offline');
    });
  },
);
