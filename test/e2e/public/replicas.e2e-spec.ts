import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestServer,
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

/**
 * What the hot-path work must never trade away (DESIGN §7): nothing another replica must see is
 * kept in process memory, so a revocation, a new secret or a deleted client counts on every
 * replica from the next request on.
 */
describe('two replicas on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    a = await createTestServer(BOOTSTRAPS, { dsn: database.dsn });
    b = await createTestServer(BOOTSTRAPS, { dsn: database.dsn, migrate: false });
    await registerClient(a.adminUrl, {
      client_id: 'shared',
      client_secret: 'shared-secret',
      grant_types: ['client_credentials'],
      scope: 'read',
    });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('answers a token revoked on one replica as inactive on the other at the next request', async () => {
    const issued = await Promise.all(
      Array.from({ length: 10 }, () =>
        clientCredentialsToken(a.publicUrl, 'shared', 'shared-secret', { scope: 'read' }),
      ),
    );
    const tokens = issued.map((answer) => String(answer.body.access_token));
    // Grouped INSERTs still store only a key derived from the signature: no row holds any part.
    const rows = JSON.stringify(
      await a.runtime.dataSource.query('SELECT * FROM oauth2_access_token'),
    );
    for (const token of tokens) {
      const [keyPart, signature] = token.replace('ory_at_', '').split('.');
      expect(rows).not.toContain(keyPart);
      expect(rows).not.toContain(signature);
    }
    for (const token of tokens)
      expect((await introspect(b.adminUrl, token)).body.active).toBe(true);
    const revoked = await postForm(
      `${b.publicUrl}/oauth2/revoke`,
      { token: tokens[3] },
      basic('shared', 'shared-secret'),
    );
    expect(revoked.status).toBe(200);
    expect((await introspect(a.adminUrl, tokens[3])).body).toEqual({ active: false });
    expect((await introspect(a.adminUrl, tokens[4])).body.active).toBe(true);
  });

  it('refuses an old secret on every replica once the client has a new one, and a deleted client', async () => {
    // Both replicas have verified (and remembered) the first secret.
    for (const replica of [a, b]) {
      expect(
        (await clientCredentialsToken(replica.publicUrl, 'shared', 'shared-secret')).status,
      ).toBe(200);
    }
    const patched = await call('PATCH', `${a.adminUrl}/admin/clients/shared`, {
      json: [{ op: 'replace', path: '/client_secret', value: 'second-secret' }],
    });
    expect(patched.status).toBe(200);
    const old = await clientCredentialsToken(b.publicUrl, 'shared', 'shared-secret');
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('invalid_client');
    expect((await clientCredentialsToken(b.publicUrl, 'shared', 'second-secret')).status).toBe(200);
    expect((await call('DELETE', `${b.adminUrl}/admin/clients/shared`)).status).toBe(204);
    const gone = await clientCredentialsToken(a.publicUrl, 'shared', 'second-secret');
    expect(gone.status).toBe(401);
    expect(gone.body.error).toBe('invalid_client');
  });
});
