import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { call } from '../support/http';
import { cli } from '../support/cli';

describe('jwk commands against a running admin API', () => {
  let server: TestApp;
  let endpoint: string[];
  const directory = mkdtempSync(join(tmpdir(), 'tessera-jwk-'));

  beforeAll(async () => {
    server = await createTestApp(createAdminApp);
    endpoint = ['--endpoint', server.url];
  });
  afterAll(() => server?.close());

  it('create jwk generates a key; --public hides the private part', async () => {
    const run = await cli([
      'create',
      'jwk',
      'cli-set',
      'cli-key',
      '--alg',
      'ES256',
      ...endpoint,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { set: string; keys: Array<Record<string, unknown>> };
    expect(body.set).toBe('cli-set');
    expect(body.keys[0]).toMatchObject({ kid: 'cli-key', alg: 'ES256', use: 'sig' });
    expect(body.keys[0].d).toBeTypeOf('string');
    const hidden = await cli([
      'create',
      'jwk',
      'cli-set',
      '--alg',
      'EdDSA',
      '--public',
      ...endpoint,
      '--format',
      'json',
    ]);
    expect(
      (JSON.parse(hidden.stdout) as { keys: Array<Record<string, unknown>> }).keys[0].d,
    ).toBeUndefined();
    const table = await cli(['get', 'jwk', 'cli-set', ...endpoint]);
    expect(table.stdout).toMatch(/^SET ID\s+KEY ID\s+ALGORITHM\s+USE$/m);
    expect(table.stdout).toMatch(/cli-set\s+cli-key\s+ES256\s+sig/);
  });

  it('import jwk reads JWK JSON and PEM (which needs --alg)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = join(directory, 'key.pem');
    writeFileSync(pem, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const jwk = join(directory, 'key.json');
    writeFileSync(
      jwk,
      JSON.stringify({
        ...generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' }),
        kid: 'json-key',
        alg: 'ES384',
      }),
    );
    expect((await cli(['import', 'jwk', 'imported', pem, ...endpoint])).stderr).toContain('--alg');
    const run = await cli([
      'import',
      'jwk',
      'imported',
      pem,
      jwk,
      '--alg',
      'RS256',
      ...endpoint,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const keys = (
      await call<{ keys: Array<Record<string, unknown>> }>(
        'GET',
        `${server.url}/admin/keys/imported`,
      )
    ).body.keys;
    expect(keys.map((key) => key.alg).sort()).toEqual(['ES384', 'RS256']);
    expect(keys.find((key) => key.alg === 'RS256')?.d).toBeTypeOf('string');
  });

  it('delete jwk deletes sets; server errors exit non-zero', async () => {
    expect((await cli(['delete', 'jwk', 'cli-set', ...endpoint])).code).toBe(0);
    const missing = await cli(['get', 'jwk', 'cli-set', ...endpoint]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Not Found');
    const refused = await cli(['create', 'jwk', 'hs', '--alg', 'HS256', ...endpoint]);
    expect(refused.code).toBe(1);
  });
});
