import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type TesseraConfig } from '@tessera/config';
import { createDataSource, SchemaMigrator } from '@tessera/database';
import { SCHEMA } from '@tessera/schema';
import { createTestDatabase, type TestEngine } from './test-databases';

export const TEST_SYSTEM_SECRET = 'test-system-secret-0123456789';

/** What an app needs to run in a test: configuration, a migrated database, a quiet logger. */
export interface TestRuntime {
  readonly config: TesseraConfig;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  close(): Promise<void>;
}

export interface TestRuntimeOptions {
  readonly engine?: TestEngine;
  /** Extra environment variables (Hydra names), e.g. `{ OAUTH2_HASHERS_ALGORITHM: 'bcrypt' }`. */
  readonly env?: Record<string, string>;
  /** Leave the schema unmigrated (migration and health tests). */
  readonly migrate?: boolean;
  /** Use this DSN instead of a fresh database. */
  readonly dsn?: string;
  /** Development mode (default true); false runs with an https issuer, as in production. */
  readonly dev?: boolean;
  /** Receives the log lines (JSON) instead of discarding them. */
  readonly logLines?: string[];
  /** The level of the captured log lines (default `info`). */
  readonly logLevel?: 'trace' | 'debug' | 'info';
}

/** The configuration a test server runs with: development mode, fast hashing, a fixed secret. */
export function testConfig(
  env: Record<string, string> = {},
  dsn = 'memory',
  dev = true,
): TesseraConfig {
  return loadConfig(
    {
      env: {
        DSN: dsn,
        SECRETS_SYSTEM: TEST_SYSTEM_SECRET,
        OAUTH2_HASHERS_PBKDF2_ITERATIONS: '1000',
        LOG_LEVEL: 'error',
        ...(dev ? {} : { URLS_SELF_ISSUER: 'https://auth.example/' }),
        ...env,
      },
      flags: { dev },
    },
    { dsn: true, secrets: true, issuer: true },
  ).config;
}

/** A configuration, a fresh migrated database and a silent logger for one test file. */
export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const database = options.dsn
    ? { dsn: options.dsn, drop: async () => undefined }
    : await createTestDatabase(options.engine ?? 'sqlite');
  const config = testConfig(options.env, database.dsn, options.dev ?? true);
  const dataSource = createDataSource(config.dsn, SCHEMA);
  await dataSource.initialize();
  if (options.migrate !== false) await new SchemaMigrator(dataSource).up();
  const lines = options.logLines;
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines?.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const logger = pino({ level: lines ? (options.logLevel ?? 'info') : 'silent' }, sink);
  return {
    config,
    dataSource,
    logger,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    },
  };
}

/** A running app on an ephemeral port, its base URL and its runtime. */
export interface TestApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly runtime: TestRuntime;
  close(): Promise<void>;
}

/**
 * `createTestApp(createAdminApp, { engine: 'postgres' })`: starts an app (whose bootstrap the
 * test passes in: libs never import apps) on a fresh database, listening on 127.0.0.1.
 */
export async function createTestApp(
  bootstrap: (runtime: TestRuntime) => Promise<INestApplication>,
  options: TestRuntimeOptions = {},
): Promise<TestApp> {
  const runtime = await createTestRuntime(options);
  const app = await bootstrap(runtime);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    runtime,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}

/** The public and admin apps on one runtime, as `serve all` runs them. */
export interface TestServer {
  readonly publicUrl: string;
  readonly adminUrl: string;
  readonly runtime: TestRuntime;
  close(): Promise<void>;
}

/** Starts both apps (bootstraps passed in by the test) on one fresh database. */
export async function createTestServer(
  bootstraps: {
    public: (runtime: TestRuntime) => Promise<INestApplication>;
    admin: (runtime: TestRuntime) => Promise<INestApplication>;
  },
  options: TestRuntimeOptions & { issuerIsPublicUrl?: boolean } = {},
): Promise<TestServer> {
  // A relying party checks that the issuer is where it fetched discovery from: give the public
  // app a known port and make its URL the issuer.
  const publicPort = options.issuerIsPublicUrl ? await freePort() : 0;
  const issuer: Record<string, string> = options.issuerIsPublicUrl
    ? { URLS_SELF_ISSUER: `http://127.0.0.1:${publicPort}/` }
    : {};
  const runtime = await createTestRuntime({ ...options, env: { ...issuer, ...options.env } });
  const apps = [await bootstraps.public(runtime), await bootstraps.admin(runtime)];
  const urls: string[] = [];
  for (const [index, app] of apps.entries()) {
    await app.listen(index === 0 ? publicPort : 0, '127.0.0.1');
    urls.push((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  }
  return {
    publicUrl: urls[0],
    adminUrl: urls[1],
    runtime,
    close: async () => {
      for (const app of apps) await app.close();
      await runtime.close();
    },
  };
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
