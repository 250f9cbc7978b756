import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { SchemaMigrator } from '@tessera/database';
import { MIGRATIONS } from '../../migrations';
import { createTestRuntime, TEST_ENGINES, type TestRuntime } from '@tessera/testing';

const TABLES = [
  'oauth2_client',
  'oauth2_access_token',
  'oauth2_jti',
  'json_web_key_set',
  'json_web_key',
  'oauth2_authorization_code',
  'oauth2_refresh_token',
  'oauth2_flow',
  'oauth2_login_session',
  'oauth2_forced_subject',
  'oauth2_authentication_failure',
];

async function tables(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const names: string[] = [];
    for (const name of TABLES) if (await runner.hasTable(name)) names.push(name);
    return names;
  } finally {
    await runner.release();
  }
}

describe.each(TEST_ENGINES)('migrations on %s', (engine) => {
  let runtime: TestRuntime;
  let migrator: SchemaMigrator;

  beforeAll(async () => {
    runtime = await createTestRuntime({ engine, migrate: false });
    migrator = new SchemaMigrator(runtime.dataSource);
  });
  afterAll(() => runtime?.close());

  it('starts with every migration pending and reading the status writes nothing', async () => {
    const status = await migrator.status();
    expect(status.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(status.every((m) => !m.applied)).toBe(true);
    expect(await runtime.dataSource.createQueryRunner().hasTable('schema_migrations')).toBe(false);
  });

  it('goes up, down and up again', async () => {
    expect((await migrator.up()).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables(runtime.dataSource)).toEqual(TABLES);
    expect(await migrator.pending()).toEqual([]);

    const reverted = await migrator.down(MIGRATIONS.length);
    expect(reverted.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name).reverse());
    expect(await tables(runtime.dataSource)).toEqual([]);
    expect((await migrator.pending()).length).toBe(MIGRATIONS.length);

    await migrator.up();
    expect(await tables(runtime.dataSource)).toEqual(TABLES);
    expect(await migrator.pending()).toEqual([]);
  });

  it('applies nothing twice', async () => {
    expect(await migrator.up()).toEqual([]);
  });
});
