import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../apps/public/src/public.bootstrap';
import { cli } from '../support/cli';
import { introspect, registerClient } from '../support/oauth';

describe('token commands against running public and admin APIs', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer({ public: createPublicApp, admin: createAdminApp });
    await registerClient(server.adminUrl, {
      client_id: 'cli-client',
      client_secret: 'cli-secret',
      grant_types: ['client_credentials'],
      scope: 'read write',
      audience: ['https://api.example/'],
    });
  });
  afterAll(() => server?.close());

  const perform = (...extra: string[]) =>
    cli([
      'perform',
      'client-credentials',
      '--endpoint',
      server.publicUrl,
      '--client-id',
      'cli-client',
      '--client-secret',
      'cli-secret',
      ...extra,
    ]);

  it('perform client-credentials prints the token, with scope and audience', async () => {
    const json = await perform(
      '--scope',
      'read',
      '--scope',
      'write',
      '--audience',
      'https://api.example/a',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    const token = JSON.parse(json.stdout) as { access_token: string; scope: string };
    expect(token.scope).toBe('read write');
    expect((await introspect(server.adminUrl, token.access_token)).body).toMatchObject({
      active: true,
      aud: ['https://api.example/a'],
    });
    const table = await perform();
    expect(table.stdout).toMatch(/^ACCESS TOKEN\s+ory_at_\S+$/m);
    expect(table.stdout).toMatch(/^REFRESH TOKEN\s+<empty>$/m);
  });

  it('reads the client credentials from OAUTH2_CLIENT_ID and OAUTH2_CLIENT_SECRET, and explains when they are missing', async () => {
    const fromEnv = await cli(
      ['perform', 'client-credentials', '-e', server.publicUrl, '--format', 'json'],
      { env: { OAUTH2_CLIENT_ID: 'cli-client', OAUTH2_CLIENT_SECRET: 'cli-secret' } },
    );
    expect(fromEnv.code).toBe(0);
    const missing = await cli(['perform', 'client-credentials', '-e', server.publicUrl]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--client-id');
    const wrong = await cli([
      'perform',
      'client-credentials',
      '-e',
      server.publicUrl,
      '--client-id',
      'cli-client',
      '--client-secret',
      'nope-nope',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('invalid_client');
  });

  it('introspect token, revoke token and delete access-tokens', async () => {
    const token = (
      JSON.parse((await perform('--format', 'json')).stdout) as { access_token: string }
    ).access_token;
    const active = await cli([
      'introspect',
      'token',
      token,
      '-e',
      server.adminUrl,
      '--format',
      'json',
    ]);
    expect(JSON.parse(active.stdout)).toMatchObject({ active: true, client_id: 'cli-client' });
    expect((await cli(['introspect', 'token', token, '-e', server.adminUrl])).stdout).toMatch(
      /^ACTIVE\s+true$/m,
    );
    const revoked = await cli([
      'revoke',
      'token',
      token,
      '-e',
      server.publicUrl,
      '--client-id',
      'cli-client',
      '--client-secret',
      'cli-secret',
    ]);
    expect(revoked.code).toBe(0);
    expect(
      JSON.parse(
        (await cli(['introspect', 'token', token, '-e', server.adminUrl, '--format', 'json']))
          .stdout,
      ),
    ).toEqual({ active: false });

    const another = (
      JSON.parse((await perform('--format', 'json')).stdout) as { access_token: string }
    ).access_token;
    const deleted = await cli(['delete', 'access-tokens', 'cli-client', '-e', server.adminUrl]);
    expect(deleted.code).toBe(0);
    expect((await introspect(server.adminUrl, another)).body).toEqual({ active: false });
  });

  it('the v1 verbs: token client prints only the token, token introspect the JSON, token revoke and token delete work', async () => {
    const run = await cli(
      ['token', 'client', '--client-id', 'cli-client', '--client-secret', 'cli-secret'],
      { env: { HYDRA_URL: server.publicUrl } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ory_at_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}\n$/);
    const token = run.stdout.trim();
    const introspection = await cli([
      'token',
      'introspect',
      '--client-id',
      'cli-client',
      '--client-secret',
      'cli-secret',
      '--endpoint',
      server.adminUrl,
      token,
    ]);
    expect(introspection.code).toBe(0);
    expect(JSON.parse(introspection.stdout)).toMatchObject({
      active: true,
      client_id: 'cli-client',
      sub: 'cli-client',
      token_type: 'Bearer',
    });
    expect(
      (
        await cli([
          'token',
          'revoke',
          token,
          '--client-id',
          'cli-client',
          '--client-secret',
          'cli-secret',
          '--endpoint',
          server.publicUrl,
        ])
      ).code,
    ).toBe(0);
    expect((await introspect(server.adminUrl, token)).body).toEqual({ active: false });
    expect(
      (await cli(['token', 'delete', '--client-id', 'cli-client', '--endpoint', server.adminUrl]))
        .code,
    ).toBe(0);
  });
});
