import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestDatabase,
  type TestApp,
  type TestDatabase,
} from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { call } from '../../support/http';
import { TcpProxy } from '../../support/tcp-proxy';

type Health = { status?: string; errors?: Record<string, string> };

/** Polls until `check` passes or `withinMs` is over; returns how long it took. */
async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${withinMs} ms`);
}

describe('health while PostgreSQL goes away and comes back', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let admin: TestApp;
  let publicApp: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.dsn);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.start();
    target.host = `127.0.0.1:${port}`;
    admin = await createTestApp(createAdminApp, { dsn: target.toString() });
    publicApp = await createTestApp(createPublicApp, { dsn: target.toString(), migrate: false });
  });
  afterAll(async () => {
    await proxy?.start();
    await admin?.close();
    await publicApp?.close();
    await database?.drop();
  });

  const ready = (app: TestApp) =>
    call<Health>('GET', `${app.url}${app === admin ? '/admin' : ''}/health/ready`);

  it('is ready, turns 503 while the database is unreachable, and recovers without a restart', async () => {
    expect((await ready(admin)).body).toEqual({ status: 'ok' });
    expect((await ready(publicApp)).body).toEqual({ status: 'ok' });

    await proxy.stop();
    await eventually(async () => (await ready(admin)).status === 503, 5_000);
    const down = await ready(admin);
    expect(down.body.errors?.database).toBeTypeOf('string');
    const publicDown = await ready(publicApp);
    expect(publicDown.status).toBe(503);
    expect(publicDown.body.errors?.database).toBe(
      'error may contain sensitive information and was obfuscated',
    );
    expect((await call('GET', `${admin.url}/health/alive`)).body).toEqual({ status: 'ok' });
    const clients = await call<{ error: string }>('GET', `${admin.url}/admin/clients`);
    expect(clients.status).toBe(503);
    expect(clients.body.error).toBe('temporarily_unavailable');

    await proxy.start();
    await eventually(async () => (await ready(admin)).status === 200, 10_000);
    expect((await ready(publicApp)).status).toBe(200);
    expect((await call('GET', `${admin.url}/admin/clients`)).status).toBe(200);
  });
});

describe('health with pending migrations', () => {
  let admin: TestApp;

  beforeAll(async () => {
    admin = await createTestApp(createAdminApp, { engine: 'sqlite', migrate: false });
  });
  afterAll(() => admin?.close());

  it('reports the pending migrations on the admin port, at v1 and v2 paths', async () => {
    for (const path of ['/admin/health/ready', '/health/ready']) {
      const answer = await call<Health>('GET', `${admin.url}${path}`);
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.migrations).toMatch(
        /^migrations have not yet been fully applied: \[CreateOAuth2Client\d+( \w+)*\]$/,
      );
    }
    expect((await call('GET', `${admin.url}/admin/health/alive`)).body).toEqual({ status: 'ok' });
  });
});
