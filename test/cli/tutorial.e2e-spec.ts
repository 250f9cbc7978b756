import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@tessera/testing';
import { call } from '../support/http';
import { cli, TesseraProcess } from '../support/cli';

/**
 * The 2019 "Run your own OAuth 2.0 Server" tutorial, first half, word for word with `tessera` in
 * place of `hydra` (and the tutorial's ports): migrate, serve, health, help, the client, a token,
 * its introspection.
 */
describe('the Hydra tutorial, first half, with the v1 verbs', () => {
  let database: TestDatabase;
  let server: TesseraProcess;
  let publicUrl: string;
  let adminUrl: string;
  const SECRETS_SYSTEM = 'aVeryLongTutorialSecretOf32Chars';

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const DSN = `${database.dsn}?sslmode=disable`;
    const migrated = await cli(['migrate', 'sql', '--yes', DSN]);
    expect(migrated.code).toBe(0);
    server = new TesseraProcess(['serve', 'all', '--dangerous-force-http'], {
      env: {
        SECRETS_SYSTEM,
        DSN,
        URLS_SELF_ISSUER: 'http://127.0.0.1:9000/',
        URLS_CONSENT: 'http://127.0.0.1:9020/consent',
        URLS_LOGIN: 'http://127.0.0.1:9020/login',
        SERVE_PUBLIC_PORT: '0',
        SERVE_ADMIN_PORT: '0',
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_ADMIN_HOST: '127.0.0.1',
      },
    });
    publicUrl = await server.listening('Public');
    adminUrl = await server.listening('Admin');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('runs from health check to token introspection', async () => {
    expect((await call('GET', `${adminUrl}/health/ready`)).body).toEqual({ status: 'ok' });
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('clients');

    const created = await cli([
      'clients',
      'create',
      '--endpoint',
      adminUrl,
      '--id',
      'some-consumer',
      '--secret',
      'some-secret',
      '--grant-types',
      'client_credentials',
      '--response-types',
      'token,code',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('OAuth 2.0 Client ID: some-consumer');

    const token = await cli([
      'token',
      'client',
      '--client-id',
      'some-consumer',
      '--client-secret',
      'some-secret',
      '--endpoint',
      publicUrl,
    ]);
    expect(token.code).toBe(0);
    const accessToken = token.stdout.trim();
    expect(accessToken).toMatch(/^ory_at_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);

    const introspection = await cli([
      'token',
      'introspect',
      '--client-id',
      'some-consumer',
      '--client-secret',
      'some-secret',
      '--endpoint',
      adminUrl,
      accessToken,
    ]);
    expect(introspection.code).toBe(0);
    expect(JSON.parse(introspection.stdout)).toMatchObject({
      active: true,
      client_id: 'some-consumer',
      sub: 'some-consumer',
      iss: 'http://127.0.0.1:9000/',
      token_type: 'Bearer',
    });
  });
});
