import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { clientCredentialsToken, registerClient } from '../../support/oauth';

const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };
const OLD = 'the-old-system-secret-0001';
const NEW = 'the-new-system-secret-0002';
type KeySet = { keys: Array<{ kid: string }> };

async function sharedDsn(engine: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (engine === 'postgres') return createTestDatabase('postgres');
  return {
    dsn: `sqlite://${join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'db.sqlite')}`,
    drop: async () => undefined,
  };
}

describe.each(TEST_ENGINES)('keys at rest and system secret rotation on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await sharedDsn(engine);
  });
  afterAll(() => database?.drop());

  it('loads keys written under an old secret while it stays listed, and fails cleanly once it is removed', async () => {
    const first = await createTestServer(BOOTSTRAPS, {
      dsn: database.dsn,
      env: { SECRETS_SYSTEM: OLD },
    });
    await registerClient(first.adminUrl, {
      client_id: 'signer',
      client_secret: 'signer-secret',
      grant_types: ['client_credentials'],
      access_token_strategy: 'jwt',
    });
    const published = (
      await call<KeySet>('GET', `${first.publicUrl}/.well-known/jwks.json`)
    ).body.keys.map((key) => key.kid);
    await first.close();

    const rotated = await createTestServer(BOOTSTRAPS, {
      dsn: database.dsn,
      migrate: false,
      env: { SECRETS_SYSTEM: `${NEW},${OLD}` },
    });
    expect(
      (await call<KeySet>('GET', `${rotated.publicUrl}/.well-known/jwks.json`)).body.keys.map(
        (key) => key.kid,
      ),
    ).toEqual(published);
    expect(
      (await clientCredentialsToken(rotated.publicUrl, 'signer', 'signer-secret')).status,
    ).toBe(200);
    await rotated.close();

    const logLines: string[] = [];
    const broken = await createTestServer(BOOTSTRAPS, {
      dsn: database.dsn,
      migrate: false,
      env: { SECRETS_SYSTEM: NEW },
      logLines,
    });
    try {
      for (const answer of [
        await call<Record<string, string>>('GET', `${broken.publicUrl}/.well-known/jwks.json`),
        await clientCredentialsToken(broken.publicUrl, 'signer', 'signer-secret'),
      ]) {
        expect(answer.status).toBe(500);
        expect(answer.body).toEqual({
          error: 'server_error',
          error_description: expect.any(String),
        });
        expect(answer.text).not.toMatch(/decrypt|SECRETS|key_data|\sat\s\S+\s\(/i);
      }
      const complaints = logLines.filter((line) =>
        line.includes('cannot be decrypted with the configured system secrets'),
      );
      expect(complaints.length).toBeGreaterThanOrEqual(1);
      expect(complaints[0]).not.toContain('\\n    at ');
      expect((await call('GET', `${broken.publicUrl}/health/alive`)).status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});

describe('several replicas on one PostgreSQL database', () => {
  let database: TestDatabase;
  let replicas: TestServer[];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const first = await createTestServer(BOOTSTRAPS, { dsn: database.dsn });
    replicas = [
      first,
      ...(await Promise.all(
        [1, 2].map(() => createTestServer(BOOTSTRAPS, { dsn: database.dsn, migrate: false })),
      )),
    ];
  });
  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.close();
    await database?.drop();
  });

  it('creates exactly one key per default set when they all need it at once', async () => {
    const answers = await Promise.all(
      replicas.flatMap((replica) => [
        call<KeySet>('GET', `${replica.publicUrl}/.well-known/jwks.json`),
        call<KeySet>('GET', `${replica.publicUrl}/.well-known/openid-configuration`),
      ]),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const rows: Array<{ set_id: string; count: string }> =
      await replicas[0].runtime.dataSource.query(
        'SELECT set_id, COUNT(*) AS count FROM json_web_key GROUP BY set_id ORDER BY set_id',
      );
    expect(rows.map((row) => [row.set_id, Number(row.count)])).toEqual([
      ['hydra.jwt.access-token', 1],
      ['hydra.openid.id-token', 1],
    ]);
  });

  it('sees a key added on another replica within seconds', async () => {
    const [writer, reader] = replicas;
    await call('GET', `${reader.publicUrl}/.well-known/jwks.json`);
    await call('POST', `${writer.adminUrl}/admin/keys/hydra.openid.id-token`, {
      json: { alg: 'ES256', use: 'sig', kid: 'from-the-writer' },
    });
    const started = Date.now();
    let kids: string[] = [];
    while (Date.now() - started < 5_000 && !kids.includes('from-the-writer')) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      kids = (await call<KeySet>('GET', `${reader.publicUrl}/.well-known/jwks.json`)).body.keys.map(
        (key) => key.kid,
      );
    }
    expect(kids).toContain('from-the-writer');
  });
});
