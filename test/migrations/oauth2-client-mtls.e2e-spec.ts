import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsMetadataDefaults, TypeOrmClientStore } from '@tessera/clients';
import { SchemaMigrator } from '@tessera/database';
import { createTestRuntime, TEST_ENGINES, type TestRuntime } from '@tessera/testing';
import { MIGRATIONS } from '../../migrations';
import { AddOAuth2ClientMtls1796100000000 } from '../../migrations/1796100000000-add-oauth2-client-mtls';

const MTLS_COLUMNS = [
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
  'tls_client_certificate_bound_access_tokens',
];
/** How many migrations to revert to stand just before AddOAuth2ClientMtls. */
const STEPS = MIGRATIONS.length - MIGRATIONS.indexOf(AddOAuth2ClientMtls1796100000000);

/** A client and one of its access tokens, written as the schema before the migration has them. */
const CLIENT_ROW = `INSERT INTO oauth2_client (id, client_name, client_secret_hash, scope, owner,
  policy_uri, tos_uri, client_uri, logo_uri, sector_identifier_uri, jwks_uri,
  frontchannel_logout_uri, backchannel_logout_uri, created_at, updated_at)
  VALUES ('old-client', 'Old', '', 'openid', '', '', '', '', '', '', '', '', '', 0, 0)`;
const TOKEN_ROW = `INSERT INTO oauth2_access_token (signature, request_id, client_id, subject,
  scope, audience, session, requested_at, expires_at)
  VALUES ('old-token', 'r', 'old-client', 's', '[]', '[]', '{}', 0, 4102444800000)`;

describe.each(TEST_ENGINES)('migration AddOAuth2ClientMtls on %s', (engine) => {
  let runtime: TestRuntime;
  let migrator: SchemaMigrator;

  beforeAll(async () => {
    runtime = await createTestRuntime({ engine, migrate: false });
    migrator = new SchemaMigrator(runtime.dataSource);
    await migrator.up();
  });
  afterAll(() => runtime?.close());

  const table = async () => {
    const runner = runtime.dataSource.createQueryRunner();
    try {
      return await runner.getTable('oauth2_client');
    } finally {
      await runner.release();
    }
  };
  const columns = async (): Promise<string[]> =>
    ((await table())?.columns ?? []).map((column) => column.name);
  const indices = async (): Promise<string[]> =>
    ((await table())?.indices ?? []).map((index) => index.name ?? '');
  const count = async (table: string): Promise<number> => {
    const rows: Array<{ n: number | string }> = await runtime.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${table}`,
    );
    return Number(rows[0].n);
  };

  it('adds the columns with defaults that leave existing clients and their tokens as they were', async () => {
    expect((await migrator.down(STEPS)).map((m) => m.name)[STEPS - 1]).toBe(
      'AddOAuth2ClientMtls1796100000000',
    );
    expect(await columns()).not.toEqual(expect.arrayContaining([MTLS_COLUMNS[0]]));
    await runtime.dataSource.query(CLIENT_ROW);
    await runtime.dataSource.query(TOKEN_ROW);

    await migrator.up();
    expect(await columns()).toEqual(expect.arrayContaining(MTLS_COLUMNS));
    const client = await new TypeOrmClientStore(runtime.dataSource).findById('old-client');
    expect(client).toMatchObject({ client_name: 'Old', ...tlsMetadataDefaults({}) });
    expect(await count('oauth2_access_token')).toBe(1);
    expect(await indices()).toEqual(
      expect.arrayContaining(['oauth2_client_owner_idx', 'oauth2_client_name_idx']),
    );
  });

  it('removes them again on the way down, keeping the rows', async () => {
    await migrator.down(STEPS);
    const remaining = await columns();
    for (const column of MTLS_COLUMNS) expect(remaining).not.toContain(column);
    expect(remaining).toContain('client_name');
    expect(await indices()).toEqual(
      expect.arrayContaining(['oauth2_client_owner_idx', 'oauth2_client_name_idx']),
    );
    expect(await count('oauth2_client')).toBe(1);
    expect(await count('oauth2_access_token')).toBe(1);
    await migrator.up();
    expect(await migrator.pending()).toEqual([]);
    expect(await columns()).toEqual(expect.arrayContaining(MTLS_COLUMNS));
  });
});
