import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeOrmClientStore } from '@tessera/clients';
import { TypeOrmLoginSessionStore } from '@tessera/consent';
import { Transactions, TypeOrmAuthenticationFailureLedger } from '@tessera/database';
import { SystemClock } from '@tessera/kernel';
import { TokenSessionSealer, TypeOrmAccessTokenStore, TypeOrmJtiStore } from '@tessera/oauth2';
import {
  aClient,
  createTestDatabase,
  createTestRuntime,
  TEST_ENGINES,
  TEST_SYSTEM_SECRET,
  type TestDatabase,
  type TestRuntime,
} from '@tessera/testing';
import { cli } from '../support/cli';

describe.each(TEST_ENGINES)('tessera janitor on %s', (engine) => {
  let database: TestDatabase;
  let runtime: TestRuntime;
  let tokens: TypeOrmAccessTokenStore;
  let jtis: TypeOrmJtiStore;

  beforeAll(async () => {
    database =
      engine === 'postgres'
        ? await createTestDatabase('postgres')
        : {
            dsn: `sqlite://${process.env.TMPDIR ?? '/tmp'}/tessera-janitor-${randomBytes(4).toString('hex')}.sqlite`,
            drop: async () => undefined,
          };
    runtime = await createTestRuntime({ dsn: database.dsn });
    tokens = new TypeOrmAccessTokenStore(
      new Transactions(runtime.dataSource),
      new TokenSessionSealer(runtime.config),
    );
    jtis = new TypeOrmJtiStore(runtime.dataSource, new SystemClock());
    await new TypeOrmClientStore(runtime.dataSource).insert(
      aClient({ client_id: 'janitor-client' }),
    );
  });
  afterAll(async () => {
    await runtime?.close();
    await database?.drop();
  });

  async function addToken(expiresInMs: number, ageMs: number): Promise<string> {
    const key = randomBytes(48).toString('hex');
    const requestedAt = new Date(Date.now() - ageMs);
    await tokens.create({
      key,
      requestId: key.slice(0, 16),
      clientId: 'janitor-client',
      subject: 'janitor-client',
      grantedScope: [],
      grantedAudience: [],
      session: { ext: {} },
      requestedAt,
      expiresAt: new Date(Date.now() + expiresInMs),
    });
    return key;
  }

  it('explains bad flags', async () => {
    expect((await cli(['janitor', database.dsn])).stderr).toContain('--tokens');
    expect((await cli(['janitor', database.dsn, '--tokens', '--batch-size', '0'])).code).toBe(1);
    expect(
      (await cli(['janitor', database.dsn, '--tokens', '--limit', '5', '--batch-size', '10']))
        .stderr,
    ).toContain('--batch-size');
    expect(
      (await cli(['janitor', database.dsn, '--tokens', '--keep-if-younger', 'soon'])).stderr,
    ).toContain('--keep-if-younger');
  });

  it('deletes expired tokens and jti records in batches, keeps valid and young ones, up to --limit', async () => {
    const expired = await Promise.all(
      Array.from({ length: 7 }, () => addToken(-60_000, 7_200_000)),
    );
    const young = await addToken(-1_000, 60_000);
    const valid = await addToken(3_600_000, 7_200_000);
    await jtis.consume('old-jti', new Date(Date.now() - 60_000));
    await jtis.consume('live-jti', new Date(Date.now() + 60_000));

    const limited = await cli([
      'janitor',
      database.dsn,
      '--tokens',
      '--limit',
      '4',
      '--batch-size',
      '3',
      '--keep-if-younger',
      '1h',
    ]);
    expect(limited.code).toBe(0);
    expect(limited.stdout).toContain(
      'deleted access tokens: 4, refresh tokens: 0, authorization codes: 0, client assertion ids (jti): 1',
    );
    const rest = await cli(
      ['janitor', '--tokens', '--keep-if-younger', '1h', '--batch-size', '2', '-e'],
      { env: { DSN: database.dsn } },
    );
    expect(rest.stdout).toContain(
      'deleted access tokens: 3, refresh tokens: 0, authorization codes: 0, client assertion ids (jti): 0',
    );

    for (const key of expired) expect(await tokens.find(key)).toBeUndefined();
    expect(await tokens.find(young)).toBeDefined();
    expect(await tokens.find(valid)).toBeDefined();
    expect(await jtis.consume('live-jti', new Date(Date.now() + 60_000))).toBe(false);
    const everything = await cli(['janitor', database.dsn, '--tokens', '--requests', '--grants']);
    expect(everything.stdout).toContain('deleted access tokens: 1');
    expect(everything.stdout).toContain('login-consent requests');
    expect(await tokens.find(young)).toBeUndefined();
  });

  it('deletes expired login sessions with --requests, and keeps live ones', async () => {
    const sessions = new TypeOrmLoginSessionStore(new Transactions(runtime.dataSource));
    const session = (id: string, expiresInMs: number) => ({
      id,
      subject: 'janitor-user',
      authenticatedAt: new Date(Date.now() - 7_200_000),
      remember: true,
      identityProviderSessionId: '',
      expiresAt: new Date(Date.now() + expiresInMs),
    });
    await sessions.save(session('ended', -60_000));
    await sessions.save(session('live', 60_000));
    const run = await cli(['janitor', database.dsn, '--requests']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deleted login sessions: 1');
    expect(await sessions.find('ended')).toBeUndefined();
    expect(await sessions.find('live')).toBeDefined();
  });

  it('deletes failed client authentication counts with --tokens once their window ended over an hour ago', async () => {
    const ledger = new TypeOrmAuthenticationFailureLedger(runtime.dataSource, TEST_SYSTEM_SECRET);
    const minute = 60_000;
    await ledger.record('198.51.100.1', Date.now() - 62 * minute); // ended 61 minutes ago
    await ledger.record('198.51.100.2', Date.now() - 59 * minute); // ended 58 minutes ago
    await ledger.record('198.51.100.3', Date.now());
    const run = await cli(['janitor', database.dsn, '--tokens']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('failed client authentication counts: 1');
    expect(await ledger.failures('198.51.100.1', 0)).toBe(0);
    expect(await ledger.failures('198.51.100.2', 0)).toBe(1);
    expect(await ledger.failures('198.51.100.3', 0)).toBe(1);
  });
});
