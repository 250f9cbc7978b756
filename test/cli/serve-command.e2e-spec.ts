import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, type TestDatabase } from '@tessera/testing';
import { call } from '../support/http';
import { cli, TesseraProcess } from '../support/cli';

const EPHEMERAL = {
  SERVE_PUBLIC_PORT: '0',
  SERVE_ADMIN_PORT: '0',
  SERVE_PUBLIC_HOST: '127.0.0.1',
  SERVE_ADMIN_HOST: '127.0.0.1',
};
const SECRET = 'a-system-secret-for-tests';

/** Hydra's operation ids of the routes the admin app serves so far (OpenAPI v26.2.0). */
const HYDRA_OPERATION_IDS = [
  'createOAuth2Client',
  'listOAuth2Clients',
  'getOAuth2Client',
  'setOAuth2Client',
  'patchOAuth2Client',
  'deleteOAuth2Client',
  'setOAuth2ClientLifespans',
  'isAlive',
  'isReady',
  'getVersion',
  'introspectOAuth2Token',
  'deleteOAuth2Token',
  'createJsonWebKeySet',
  'getJsonWebKeySet',
  'setJsonWebKeySet',
  'deleteJsonWebKeySet',
  'getJsonWebKey',
  'setJsonWebKey',
  'deleteJsonWebKey',
  'getOAuth2LoginRequest',
  'acceptOAuth2LoginRequest',
  'rejectOAuth2LoginRequest',
  'getOAuth2ConsentRequest',
  'acceptOAuth2ConsentRequest',
  'rejectOAuth2ConsentRequest',
  'getOAuth2LogoutRequest',
  'acceptOAuth2LogoutRequest',
  'rejectOAuth2LogoutRequest',
  'listOAuth2ConsentSessions',
  'revokeOAuth2ConsentSessions',
  'revokeOAuth2LoginSessions',
];

describe('tessera serve all', () => {
  let server: TesseraProcess;
  let publicUrl: string;
  let adminUrl: string;

  beforeAll(async () => {
    server = new TesseraProcess(['serve', 'all', '--dev'], {
      env: { DSN: 'memory', SECRETS_SYSTEM: SECRET, LOG_FORMAT: 'json', ...EPHEMERAL },
    });
    publicUrl = await server.listening('Public');
    adminUrl = await server.listening('Admin');
  });
  afterAll(() => server?.stop());

  it('serves health on both ports and the version on the admin port, also at v1 paths', async () => {
    expect((await call('GET', `${publicUrl}/health/alive`)).body).toEqual({ status: 'ok' });
    expect((await call('GET', `${publicUrl}/health/ready`)).body).toEqual({ status: 'ok' });
    for (const path of ['/admin/health/ready', '/health/ready', '/health/alive/']) {
      expect((await call('GET', `${adminUrl}${path}`)).body).toEqual({ status: 'ok' });
    }
    expect((await call('GET', `${adminUrl}/version`)).body).toEqual({
      version: expect.stringMatching(/^v\d+\.\d+\.\d+/),
    });
    expect((await call('GET', `${publicUrl}/admin/clients`)).status).toBe(404);
  });

  it('writes one JSON object per log line with LOG_FORMAT=json, request logs carrying the request id', async () => {
    await call('GET', `${adminUrl}/admin/clients`, {
      headers: { 'X-Request-Id': 'logged-request' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = server.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg?: string; req?: { id?: string } });
    expect(lines.some((line) => line.msg?.startsWith('Admin API listening on'))).toBe(true);
    expect(lines.some((line) => line.req?.id === 'logged-request')).toBe(true);
  });

  it('honours a caller X-Request-Id and generates one otherwise', async () => {
    const given = await call('GET', `${publicUrl}/health/alive`, {
      headers: { 'X-Request-Id': 'trace-1234' },
    });
    expect(given.headers.get('x-request-id')).toBe('trace-1234');
    const generated = await call('GET', `${publicUrl}/health/alive`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes and oversize bodies with JSON errors', async () => {
    const missing = await call<{ error: string }>('GET', `${publicUrl}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBeTypeOf('string');
    const huge = await call<{ error: string }>('POST', `${adminUrl}/admin/clients`, {
      json: { client_name: 'x'.repeat(3_000_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBeTypeOf('string');
  });

  it('serves Swagger UI and an OpenAPI document with Hydra operation ids and described fields', async () => {
    const ui = await call('GET', `${adminUrl}/admin/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    const document = (await call('GET', `${adminUrl}/admin/docs/openapi.json`)).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
      components: {
        schemas: Record<string, { properties: Record<string, { description?: string }> }>;
      };
    };
    const operationIds = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(operationIds.sort()).toEqual([...HYDRA_OPERATION_IDS].sort());
    expect(document.paths['/admin/clients'].post.operationId).toBe('createOAuth2Client');
    for (const name of [
      'OAuth2ClientDto',
      'OAuth2ClientTokenLifespansDto',
      'IntrospectedOAuth2TokenDto',
      'JsonWebKeyDto',
      'CreateJsonWebKeySetDto',
      'OAuth2LoginRequestDto',
      'AcceptOAuth2LoginRequestDto',
      'OAuth2LogoutRequestDto',
      'OAuth2ConsentSessionDto',
    ]) {
      const properties = Object.entries(document.components.schemas[name].properties);
      expect(properties.length).toBeGreaterThan(2);
      expect(
        properties.filter(([, schema]) => !schema.description).map(([field]) => field),
      ).toEqual([]);
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes the in-flight request on SIGTERM, then exits 0 within 10 s', async () => {
    const server = new TesseraProcess(['serve', 'all', '--dev'], {
      env: { DSN: 'memory', SECRETS_SYSTEM: SECRET, ...EPHEMERAL },
    });
    const admin = new URL(await server.listening('Admin'));
    const body = JSON.stringify({ client_id: 'in-flight' });
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: admin.hostname,
          port: admin.port,
          path: '/admin/clients',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(5)), 500);
      }, 200);
    });
    const started = Date.now();
    expect(await answer).toBe(201);
    expect(await server.exit()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.stdout).toContain('Shutdown complete');
  });
});

describe('start-up checks', () => {
  it('refuses a bad configuration, naming every key, without a stack trace', async () => {
    const server = new TesseraProcess(['serve', 'all'], {
      env: {
        DSN: 'memory',
        SECRETS_SYSTEM: 'short',
        URLS_SELF_ISSUER: 'http://auth.example/',
        TTL_ACCESS_TOKEN: 'soon',
      },
    });
    expect(await server.exit()).toBe(1);
    expect(server.stderr).toContain('SECRETS_SYSTEM');
    expect(server.stderr).toContain('URLS_SELF_ISSUER');
    expect(server.stderr).toContain('TTL_ACCESS_TOKEN');
    expect(server.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses DSN=memory for a single app, since the other would not see the data', async () => {
    const server = new TesseraProcess(['serve', 'admin', '--dev'], {
      env: { DSN: 'memory', SECRETS_SYSTEM: SECRET },
    });
    expect(await server.exit()).toBe(1);
    expect(server.stderr).toContain('memory');
  });
});

describe('zero-setup development start (npm start) and the first client', () => {
  it('creates the SQLite file and a secret beside it, and keeps clients across restarts', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tessera-start-'));
    const first = new TesseraProcess(['serve', 'all', '--dev'], { cwd, env: EPHEMERAL });
    const admin = await first.listening('Admin');
    expect(first.stderr).toContain('DEVELOPMENT MODE');
    const created = await cli([
      'create',
      'client',
      '--endpoint',
      admin,
      '--id',
      'some-consumer',
      '--secret',
      'some-secret',
      '--grant-type',
      'client_credentials',
      '--format',
      'json',
    ]);
    expect(JSON.parse(created.stdout)).toMatchObject({
      client_id: 'some-consumer',
      client_secret: 'some-secret',
    });
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(cwd, 'data', 'tessera.sqlite'))).toBe(true);
    expect(existsSync(join(cwd, 'data', 'tessera.sqlite.secret'))).toBe(true);

    const second = new TesseraProcess(['serve', 'all', '--dev'], { cwd, env: EPHEMERAL });
    const again = await second.listening('Admin');
    expect((await call('GET', `${again}/admin/clients/some-consumer`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});

describe('serving PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database?.drop());

  it('never migrates by itself: ready is 503 until migrate sql up runs, then 200 without a restart', async () => {
    const server = new TesseraProcess(['serve', 'all', '--dev'], {
      env: { DSN: database.dsn, SECRETS_SYSTEM: SECRET, ...EPHEMERAL },
    });
    try {
      const admin = await server.listening('Admin');
      const pending = await call<{ errors: Record<string, string> }>(
        'GET',
        `${admin}/health/ready`,
      );
      expect(pending.status).toBe(503);
      expect(pending.body.errors.migrations).toContain(
        'migrations have not yet been fully applied',
      );
      expect((await cli(['migrate', 'sql', 'up', database.dsn, '--yes'])).code).toBe(0);
      expect((await call('GET', `${admin}/health/ready`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('serves the metrics of `serve public` on their own port, with the database pool', async () => {
    const metricsPort = await freePort();
    const server = new TesseraProcess(['serve', 'public', '--dev'], {
      env: {
        DSN: database.dsn,
        SECRETS_SYSTEM: SECRET,
        SERVE_PUBLIC_PORT: '0',
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_METRICS_HOST: '127.0.0.1',
        SERVE_METRICS_PORT: String(metricsPort),
      },
    });
    try {
      const publicUrl = await server.listening('Public');
      await call('GET', `${publicUrl}/health/alive`);
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics/prometheus`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain(
        'tessera_http_requests_total{app="public",method="GET",route="/health/alive",status="200"} 1',
      );
      expect(text).toMatch(/tessera_db_pool_connections\{state="total"\} [1-9]/);
      expect(text).toContain('process_cpu_user_seconds_total');
      expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
