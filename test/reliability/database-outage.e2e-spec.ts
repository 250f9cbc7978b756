import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestServer,
  type TestDatabase,
  type TestServer,
} from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../apps/public/src/public.bootstrap';
import { call } from '../support/http';
import {
  basic,
  clientCredentialsToken,
  introspect,
  postForm,
  registerClient,
} from '../support/oauth';
import { cli, TesseraProcess } from '../support/cli';
import { TcpProxy } from '../support/tcp-proxy';

/** Polls `check` until it holds or `withinMs` passes; returns how long it took. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${withinMs} ms`);
}

/**
 * PostgreSQL going away under a running server (a TCP proxy drops every connection and refuses
 * new ones) and coming back: requests fail fast with 503 temporarily_unavailable — a revocation
 * never answers 200 while nothing was revoked — readiness turns 503, and traffic recovers without
 * a restart.
 */
describe('PostgreSQL stopping and coming back', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.dsn);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(database.dsn);
    viaProxy.port = String(proxy.port);
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { dsn: viaProxy.toString() },
    );
    await registerClient(server.adminUrl, {
      client_id: 'outage',
      client_secret: 'outage-secret',
      grant_types: ['client_credentials'],
    });
    token = String(
      (await clientCredentialsToken(server.publicUrl, 'outage', 'outage-secret')).body.access_token,
    );
  });
  afterAll(async () => {
    await proxy?.start().catch(() => undefined);
    await server?.close();
    await proxy?.stop();
    await database?.drop();
  });

  it('answers 503 fast while it is away, reports not ready, and recovers by itself', async () => {
    await proxy.stop();
    const started = Date.now();
    const [issued, revoked, introspected] = await Promise.all([
      clientCredentialsToken(server.publicUrl, 'outage', 'outage-secret'),
      postForm(`${server.publicUrl}/oauth2/revoke`, { token }, basic('outage', 'outage-secret')),
      introspect(server.adminUrl, token),
    ]);
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const answer of [issued, revoked, introspected]) {
      expect(answer.status).toBe(503);
      expect((answer.body as { error: string }).error).toBe('temporarily_unavailable');
    }
    await within(
      5_000,
      async () => (await call('GET', `${server.adminUrl}/health/ready`)).status === 503,
    );

    await proxy.start();
    await within(10_000, async () => {
      const answer = await clientCredentialsToken(server.publicUrl, 'outage', 'outage-secret');
      return answer.status === 200;
    });
    expect((await call('GET', `${server.adminUrl}/health/ready`)).status).toBe(200);
    // Nothing was revoked while the database was away.
    expect((await introspect(server.adminUrl, token)).body.active).toBe(true);
  }, 30_000);
});

describe('starting while PostgreSQL is down', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: TesseraProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const migrated = await cli(['migrate', 'sql', 'up', database.dsn, '--yes']);
    expect(migrated.code, migrated.stderr).toBe(0);
    const target = new URL(database.dsn);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    await proxy.stop(); // the port is known; nothing answers on it yet
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
    await database?.drop();
  });

  it('keeps retrying with backoff, says so in the log, and serves once the database is up', async () => {
    const viaProxy = new URL(database.dsn);
    viaProxy.port = String(proxy.port);
    server = new TesseraProcess(['serve', 'all'], {
      env: {
        DSN: viaProxy.toString(),
        SECRETS_SYSTEM: 'a-system-secret-for-tests',
        SERVE_PUBLIC_PORT: '0',
        SERVE_ADMIN_PORT: '0',
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_ADMIN_HOST: '127.0.0.1',
        URLS_SELF_ISSUER: 'https://auth.example/',
        LOG_FORMAT: 'json',
      },
    });
    const tessera = server;
    const retries = () =>
      tessera.stdout
        .split('\n')
        .filter((line) => line.includes('"retryInMs"'))
        .map((line) => JSON.parse(line) as { retryInMs: number; msg: string });
    await within(10_000, async () => retries().length >= 3);
    const delays = retries().map((entry) => entry.retryInMs);
    expect(delays[1]).toBeGreaterThan(delays[0]); // backoff
    expect(retries()[0].msg).toContain('retrying');
    expect(tessera.child.exitCode).toBeNull();

    await proxy.start();
    const adminUrl = await tessera.listening('Admin', 20_000);
    expect((await call('GET', `${adminUrl}/health/ready`)).status).toBe(200);
  }, 40_000);
});
