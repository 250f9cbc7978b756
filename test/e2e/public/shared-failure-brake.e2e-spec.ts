import { afterEach, describe, expect, it } from 'vitest';
import { TypeOrmAuthenticationFailureLedger } from '@tessera/database';
import { FAILURE_WINDOW_MS, failureWindowStart } from '@tessera/kernel';
import {
  createTestDatabase,
  createTestServer,
  TEST_SYSTEM_SECRET,
  type TestDatabase,
  type TestServer,
} from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import type { HttpAnswer } from '../../support/http';
import { basic, clientCredentialsToken, postForm, registerClient } from '../../support/oauth';

const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };
const BRAKE = { RATE_LIMITS_FAILED_AUTHENTICATION_PER_MINUTE: '3' };
const SHARED = { ...BRAKE, RATE_LIMITS_FAILED_AUTHENTICATION_SHARED: 'true' };

function expectLimited(answer: HttpAnswer<unknown>): void {
  expect(answer.status).toBe(429);
  expect((answer.body as { error: string }).error).toBe('too_many_requests');
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/** Counts are kept per minute: a sequence must not straddle two windows. */
async function withinOneWindow(neededMs = 4_000): Promise<void> {
  const left = failureWindowStart(Date.now()) + FAILURE_WINDOW_MS - Date.now();
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

async function failures(server: TestServer): Promise<number> {
  const rows = (await server.runtime.dataSource.query(
    'SELECT failures FROM oauth2_authentication_failure',
  )) as { failures: number | string }[];
  return rows.reduce((sum, row) => sum + Number(row.failures), 0);
}

const register = (server: TestServer) =>
  registerClient(server.adminUrl, {
    client_id: 'braked',
    client_secret: 'braked-secret',
    grant_types: ['client_credentials'],
  });
const guess = (server: TestServer, secret: string) =>
  clientCredentialsToken(server.publicUrl, 'braked', secret);
const guessAtRevocation = (server: TestServer) =>
  postForm(`${server.publicUrl}/oauth2/revoke`, { token: 'x' }, basic('braked', 'wrong'));

/**
 * RFC 6819 §5.1.4.2.3 across replicas: with `rate_limits.failed_authentication.shared`, a client
 * IP's failed authentications on every replica count against one budget per minute.
 */
describe('the failed-authentication brake on two replicas of one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  let servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers) await server.close();
    await database?.drop();
    servers = [];
    database = undefined;
  });

  async function replicas(env: Record<string, string>): Promise<[TestServer, TestServer]> {
    database = await createTestDatabase('postgres');
    const a = await createTestServer(BOOTSTRAPS, { dsn: database.dsn, env });
    const b = await createTestServer(BOOTSTRAPS, { dsn: database.dsn, env, migrate: false });
    servers = [a, b];
    await register(a);
    return [a, b];
  }

  it('refuses the IP on every replica once their failures together reach the limit (SHARED)', async () => {
    const [a, b] = await replicas(SHARED);
    await withinOneWindow();
    expect((await guess(a, 'guess-1')).status).toBe(401);
    expect((await guess(a, 'guess-2')).status).toBe(401);
    // Recorded after the answers went out, within milliseconds.
    await expect.poll(() => failures(a), { timeout: 2_000, interval: 20 }).toBe(2);
    expect((await guessAtRevocation(b)).status).toBe(401);
    expectLimited(await guess(b, 'braked-secret'));
    // Replica A believes its last read for up to a second, then sees B's failure too.
    await expect
      .poll(async () => (await guess(a, 'braked-secret')).status, { timeout: 2_500, interval: 100 })
      .toBe(429);
    expectLimited(await guess(a, 'braked-secret'));
  });

  it('lets replica B answer after the same failures without SHARED: each counts its own', async () => {
    const [a, b] = await replicas(BRAKE);
    await withinOneWindow();
    expect((await guess(a, 'guess-1')).status).toBe(401);
    expect((await guess(a, 'guess-2')).status).toBe(401);
    expect((await guessAtRevocation(b)).status).toBe(401);
    expect((await guess(b, 'braked-secret')).status).toBe(200);
    expect((await guess(a, 'braked-secret')).status).toBe(200);
    expect(await failures(a)).toBe(0);
  });
});

describe('the shared failed-authentication brake on SQLite', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(logLines?: string[]): Promise<TestServer> {
    server = await createTestServer(BOOTSTRAPS, { engine: 'sqlite', env: SHARED, logLines });
    await register(server);
    return server;
  }

  it("counts failures another replica wrote with this server's own", async () => {
    const started = await start();
    await withinOneWindow();
    const elsewhere = new TypeOrmAuthenticationFailureLedger(
      started.runtime.dataSource,
      TEST_SYSTEM_SECRET,
    );
    const window = failureWindowStart(Date.now());
    await elsewhere.record('127.0.0.1', window);
    await elsewhere.record('127.0.0.1', window);
    expect((await guess(started, 'guess-1')).status).toBe(401);
    expectLimited(await guess(started, 'braked-secret'));
    await expect.poll(() => elsewhere.failures('127.0.0.1', window)).toBe(3);
  });

  it('fails open when the shared counts are unavailable: the per-process brake still holds, never a 500', async () => {
    const logLines: string[] = [];
    const started = await start(logLines);
    await withinOneWindow();
    await started.runtime.dataSource.query('DROP TABLE oauth2_authentication_failure');
    expect((await guess(started, 'braked-secret')).status).toBe(200);
    for (let index = 0; index < 3; index++)
      expect((await guess(started, `guess-${index}`)).status).toBe(401);
    expectLimited(await guess(started, 'braked-secret'));
    const warnings = logLines.filter((line) => line.includes('Shared counts of failed client'));
    expect(warnings).toHaveLength(1);
  });
});
