import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The engines every e2e and contract test runs on (DESIGN §6). */
export type TestEngine = 'sqlite' | 'postgres';
export const TEST_ENGINES: readonly TestEngine[] = ['sqlite', 'postgres'];

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tessera_test';

/** The PostgreSQL database tests may use to create their own databases. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** A database of its own for one test file, and how to drop it. */
export interface TestDatabase {
  readonly dsn: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: SQLite in memory, or a new PostgreSQL database created next to
 * `TEST_DATABASE_URL`, so that test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === 'sqlite') return { dsn: 'memory', drop: async () => undefined };
  const base = new URL(testDatabaseUrl());
  const name = `tessera_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withMaintenanceClient(base, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    dsn: url.toString(),
    drop: () =>
      withMaintenanceClient(base, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

async function withMaintenanceClient<T>(
  url: URL,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
