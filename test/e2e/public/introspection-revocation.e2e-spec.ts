import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestServer,
  TEST_ENGINES,
  type TestDatabase,
  type TestServer,
} from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { call } from '../../support/http';
import {
  basic,
  clientCredentialsToken,
  introspect,
  postForm,
  registerClient,
} from '../../support/oauth';

const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };

describe.each(TEST_ENGINES)('introspection and revocation on %s', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, { engine });
    for (const id of ['alice', 'bob']) {
      await registerClient(server.adminUrl, {
        client_id: id,
        client_secret: `${id}-secret`,
        grant_types: ['client_credentials'],
        scope: 'read write',
      });
    }
    await registerClient(server.adminUrl, {
      client_id: 'brief',
      client_secret: 'brief-secret',
      grant_types: ['client_credentials'],
      client_credentials_grant_access_token_lifespan: '300ms',
    });
  });
  afterAll(() => server?.close());

  const tokenOf = async (id: string, scope = 'read') =>
    String(
      (await clientCredentialsToken(server.publicUrl, id, `${id}-secret`, { scope })).body
        .access_token,
    );

  it('answers exactly {"active":false} for expired, garbage and other-kind tokens', async () => {
    const brief = await tokenOf('brief', '');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const alice = await tokenOf('alice');
    const forged = `${alice.slice(0, -1)}${alice.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [
      brief,
      'garbage',
      forged,
      alice.replace('ory_at_', 'ory_rt_'),
      alice.replace('ory_at_', 'ory_ac_'),
      alice.replace('ory_at_', ''),
      'x'.repeat(5000),
    ]) {
      const answer = await introspect(server.adminUrl, token);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ active: false });
    }
  });

  it('reports a token inactive unless it holds every scope asked for', async () => {
    const token = await tokenOf('alice', 'read write');
    expect((await introspect(server.adminUrl, token, { scope: 'read' })).body.active).toBe(true);
    expect((await introspect(server.adminUrl, token, { scope: 'read write' })).body.active).toBe(
      true,
    );
    expect((await introspect(server.adminUrl, token, { scope: 'read admin' })).body).toEqual({
      active: false,
    });
  });

  it('refuses introspection without a token or with a JSON body', async () => {
    expect(
      (await postForm(`${server.adminUrl}/admin/oauth2/introspect`, { scope: 'read' })).body.error,
    ).toBe('invalid_request');
    const json = await call<Record<string, unknown>>(
      'POST',
      `${server.adminUrl}/admin/oauth2/introspect`,
      { json: { token: 'x' } },
    );
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');
    expect(
      (await postForm(`${server.adminUrl}/oauth2/introspect`, { token: 'garbage' })).body,
    ).toEqual({ active: false });
  });

  it("revokes a client's own token (openid-client tokenRevocation), after which it is inactive", async () => {
    const token = await tokenOf('alice');
    const config = new oidc.Configuration(
      {
        issuer: server.runtime.config.urls.self.issuer,
        revocation_endpoint: `${server.publicUrl}/oauth2/revoke`,
      },
      'alice',
      {},
      oidc.ClientSecretBasic('alice-secret'),
    );
    oidc.allowInsecureRequests(config);
    await oidc.tokenRevocation(config, token);
    expect((await introspect(server.adminUrl, token)).body).toEqual({ active: false });
  });

  it("answers 200 with an empty body for unknown tokens, and refuses another client's token", async () => {
    const unknown = await postForm(
      `${server.publicUrl}/oauth2/revoke`,
      { token: 'ory_at_unknown' },
      basic('alice', 'alice-secret'),
    );
    expect(unknown.status).toBe(200);
    expect(unknown.text).toBe('');
    const bobs = await tokenOf('bob');
    const stolen = await postForm(
      `${server.publicUrl}/oauth2/revoke`,
      { token: bobs, token_type_hint: 'access_token' },
      basic('alice', 'alice-secret'),
    );
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('unauthorized_client');
    expect((await introspect(server.adminUrl, bobs)).body.active).toBe(true);
  });

  it('requires client authentication and a token to revoke', async () => {
    const token = await tokenOf('alice');
    const anonymous = await postForm(`${server.publicUrl}/oauth2/revoke`, { token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    expect(
      (
        await postForm(
          `${server.publicUrl}/oauth2/revoke`,
          { token },
          basic('alice', 'wrong-secret'),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await postForm(
          `${server.publicUrl}/oauth2/revoke`,
          { token_type_hint: 'access_token' },
          basic('alice', 'alice-secret'),
        )
      ).body.error,
    ).toBe('invalid_request');
    expect((await call('GET', `${server.publicUrl}/oauth2/revoke`)).status).toBe(405);
    expect((await introspect(server.adminUrl, token)).body.active).toBe(true);
  });

  it('deletes every access token of a client with DELETE /admin/oauth2/tokens', async () => {
    const tokens = [await tokenOf('bob'), await tokenOf('bob')];
    const alices = await tokenOf('alice');
    const deleted = await call('DELETE', `${server.adminUrl}/admin/oauth2/tokens?client_id=bob`);
    expect(deleted.status).toBe(204);
    for (const token of tokens)
      expect((await introspect(server.adminUrl, token)).body).toEqual({ active: false });
    expect((await introspect(server.adminUrl, alices)).body.active).toBe(true);
    const missing = await call<Record<string, unknown>>(
      'DELETE',
      `${server.adminUrl}/admin/oauth2/tokens`,
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  it("deletes a client's tokens with the client", async () => {
    await registerClient(server.adminUrl, {
      client_id: 'doomed',
      client_secret: 'doomed-secret',
      grant_types: ['client_credentials'],
    });
    const token = String(
      (await clientCredentialsToken(server.publicUrl, 'doomed', 'doomed-secret')).body.access_token,
    );
    await call('DELETE', `${server.adminUrl}/admin/clients/doomed`);
    expect((await introspect(server.adminUrl, token)).body).toEqual({ active: false });
  });
});

describe.each(TEST_ENGINES)('system secret rotation on %s', (engine) => {
  let database: TestDatabase;
  let dsn: string;
  const old = 'the-old-system-secret-0001';
  const rotated = 'the-new-system-secret-0002';

  beforeAll(async () => {
    if (engine === 'postgres') {
      database = await createTestDatabase('postgres');
      dsn = database.dsn;
    } else {
      dsn = `sqlite://${join(mkdtempSync(join(tmpdir(), 'tessera-rotation-')), 'db.sqlite')}`;
    }
  });
  afterAll(() => database?.drop());

  it('keeps tokens issued before a new secret was prepended valid, and the old server cannot read new ones', async () => {
    const before = await createTestServer(BOOTSTRAPS, { dsn, env: { SECRETS_SYSTEM: old } });
    await registerClient(before.adminUrl, {
      client_id: 'rotation',
      client_secret: 'rotation-secret',
      grant_types: ['client_credentials'],
    });
    const oldToken = String(
      (await clientCredentialsToken(before.publicUrl, 'rotation', 'rotation-secret')).body
        .access_token,
    );
    await before.close();

    const after = await createTestServer(BOOTSTRAPS, {
      dsn,
      migrate: false,
      env: { SECRETS_SYSTEM: `${rotated},${old}` },
    });
    expect((await introspect(after.adminUrl, oldToken)).body.active).toBe(true);
    const newToken = String(
      (await clientCredentialsToken(after.publicUrl, 'rotation', 'rotation-secret')).body
        .access_token,
    );
    expect((await introspect(after.adminUrl, newToken)).body.active).toBe(true);
    await after.close();

    const stale = await createTestServer(BOOTSTRAPS, {
      dsn,
      migrate: false,
      env: { SECRETS_SYSTEM: old },
    });
    expect((await introspect(stale.adminUrl, newToken)).body).toEqual({ active: false });
    expect((await introspect(stale.adminUrl, oldToken)).body.active).toBe(true);
    await stale.close();
  });
});
