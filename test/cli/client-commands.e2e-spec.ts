import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { call } from '../support/http';
import { cli } from '../support/cli';

describe('client commands against a running admin API', () => {
  let server: TestApp;
  let endpoint: string[];

  beforeAll(async () => {
    server = await createTestApp(createAdminApp);
    endpoint = ['--endpoint', server.url];
  });
  afterAll(() => server?.close());

  it('create client prints the client with its secret (the tutorial command)', async () => {
    const run = await cli([
      'create',
      'client',
      ...endpoint,
      '--id',
      'some-consumer',
      '--secret',
      'some-secret',
      '--grant-type',
      'client_credentials',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const client = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(client).toMatchObject({
      client_id: 'some-consumer',
      client_secret: 'some-secret',
      grant_types: ['client_credentials'],
      response_types: ['code'],
    });
  });

  it('prints one client as HEADER value lines by default and accepts repeated and comma-separated flags', async () => {
    const run = await cli([
      'create',
      'client',
      '-e',
      server.url,
      '--id',
      'table-client',
      '--grant-type',
      'authorization_code,refresh_token',
      '--scope',
      'openid',
      '--scope',
      'offline',
      '--redirect-uri',
      'http://127.0.0.1:5555/callback',
      '--metadata',
      '{"a":1}',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^CLIENT ID\s+table-client$/m);
    expect(run.stdout).toMatch(/^CLIENT SECRET\s+[A-Za-z0-9._~-]{26}$/m);
    expect(run.stdout).toMatch(/^GRANT TYPES\s+authorization_code, refresh_token$/m);
    expect(run.stdout).toMatch(/^SCOPE\s+openid offline$/m);
    expect((await call('GET', `${server.url}/admin/clients/table-client`)).body).toMatchObject({
      metadata: { a: 1 },
    });
  });

  it('get, list, update and delete clients', async () => {
    const got = await cli(['get', 'client', 'some-consumer', ...endpoint, '--format', 'json']);
    expect(JSON.parse(got.stdout)).toMatchObject({ client_id: 'some-consumer' });
    expect(JSON.parse(got.stdout).client_secret).toBeUndefined();

    const listed = await cli([
      'list',
      'clients',
      ...endpoint,
      '--page-size',
      '1',
      '--format',
      'json',
    ]);
    const page = JSON.parse(listed.stdout) as {
      items: unknown[];
      next_page_token: string;
      is_last_page: boolean;
    };
    expect(page.items).toHaveLength(1);
    expect(page.is_last_page).toBe(false);
    const second = await cli([
      'list',
      'clients',
      ...endpoint,
      '--page-size',
      '1',
      '--page-token',
      page.next_page_token,
    ]);
    expect(second.stdout).toContain('NEXT PAGE TOKEN');
    expect(second.stdout).toMatch(/IS LAST PAGE\s+true/);

    const updated = await cli([
      'update',
      'client',
      'some-consumer',
      ...endpoint,
      '--name',
      'Renamed',
      '--grant-type',
      'client_credentials',
      '--format',
      'json',
    ]);
    expect(JSON.parse(updated.stdout)).toMatchObject({ client_name: 'Renamed' });

    const deleted = await cli(['delete', 'client', 'some-consumer', ...endpoint]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/^ID\s+some-consumer$/m);
    const gone = await cli(['get', 'client', 'some-consumer', ...endpoint]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Unable to locate the resource');
    expect(gone.stderr).toContain('Failed to execute API request');
  });

  it('imports clients from files and stdin', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-import-')), 'clients.json');
    writeFileSync(
      file,
      JSON.stringify([
        { client_id: 'imported-1', client_secret: 'imported-secret' },
        { client_id: 'imported-2' },
      ]),
    );
    const fromFile = await cli(['import', 'client', file, ...endpoint, '--format', 'json']);
    expect(fromFile.code).toBe(0);
    expect(
      (JSON.parse(fromFile.stdout) as Array<{ client_id: string }>).map((c) => c.client_id),
    ).toEqual(['imported-1', 'imported-2']);
    const fromStdin = await cli(['import', 'client', ...endpoint, '--format', 'json'], {
      stdin: '{"client_id":"imported-3"}',
    });
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ client_id: 'imported-3' });
    const broken = await cli(['import', 'client', ...endpoint], { stdin: '[{' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Could not decode JSON');
  });

  it('clients create (Hydra v1) takes the tutorial flags and prints the v1 lines', async () => {
    const run = await cli(
      [
        'clients',
        'create',
        '--id',
        'another-consumer',
        '--secret',
        'consumer-secret',
        '-g',
        'authorization_code,refresh_token',
        '-r',
        'token,code,id_token',
        '--scope',
        'openid,offline',
        '--callbacks',
        'http://127.0.0.1:9010/callback',
      ],
      { env: { HYDRA_ADMIN_URL: server.url } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('OAuth 2.0 Client ID: another-consumer');
    expect(run.stdout).not.toContain('consumer-secret');
    const stored = (await call('GET', `${server.url}/admin/clients/another-consumer`)).body;
    expect(stored).toMatchObject({
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['token', 'code', 'id_token'],
      scope: 'openid offline',
      redirect_uris: ['http://127.0.0.1:9010/callback'],
    });
    const generated = await cli([
      'clients',
      'create',
      '--endpoint',
      server.url,
      '--id',
      'v1-generated',
      '-g',
      'client_credentials',
    ]);
    expect(generated.stdout).toMatch(/OAuth 2.0 Client Secret: [A-Za-z0-9._~-]{26}/);
  });

  it('prints server errors readably and exits non-zero', async () => {
    const run = await cli([
      'create',
      'client',
      ...endpoint,
      '--redirect-uri',
      'https://app.example/cb#fragment',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invalid_redirect_uri');
    expect(run.stdout).toBe('');
  });

  it('explains a missing endpoint, an unreachable server and bad flags', async () => {
    expect((await cli(['list', 'clients'])).stderr).toContain('--endpoint');
    const unreachable = await cli(['list', 'clients', '--endpoint', 'http://127.0.0.1:1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Could not reach');
    const badFormat = await cli(['list', 'clients', ...endpoint, '--format', 'xml']);
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain('--format');
    expect((await cli(['create', 'client', ...endpoint, '--bogus'])).code).not.toBe(0);
  });

  it('sends extra headers with -H and reads the endpoint from ORY_SDK_URL', async () => {
    const run = await cli(
      ['get', 'client', 'table-client', '-H', 'X-Request-Id: from-cli', '--format', 'json'],
      { env: { ORY_SDK_URL: server.url } },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ client_id: 'table-client' });
  });
});
