import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ENGINES, type TestApp } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { call } from '../../support/http';

type Json = Record<string, unknown>;

describe.each(TEST_ENGINES)('/admin/clients on %s', (engine) => {
  let server: TestApp;
  let clients: string;

  beforeAll(async () => {
    server = await createTestApp(createAdminApp, { engine });
    clients = `${server.url}/admin/clients`;
  });
  afterAll(() => server?.close());

  const create = (json: unknown) => call('POST', clients, { json });
  const storedHash = async (id: string): Promise<string> => {
    const rows: Array<{ client_secret_hash: string }> = await server.runtime.dataSource.query(
      `SELECT client_secret_hash FROM oauth2_client WHERE id = ${engine === 'postgres' ? '$1' : '?'}`,
      [id],
    );
    return rows[0].client_secret_hash;
  };

  describe('create', () => {
    it('creates a client with a chosen id: 201, Location, the secret once, Hydra defaults', async () => {
      const answer = await create({
        client_id: 'web-app',
        client_secret: 'a-good-secret',
        redirect_uris: ['https://app.example/cb'],
      });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('location')).toBe('/admin/clients/web-app');
      expect(answer.body).toMatchObject({
        client_id: 'web-app',
        client_secret: 'a-good-secret',
        client_name: '',
        redirect_uris: ['https://app.example/cb'],
        grant_types: [],
        response_types: [],
        scope: 'offline_access offline openid',
        audience: [],
        token_endpoint_auth_method: 'client_secret_basic',
        userinfo_signed_response_alg: 'none',
        subject_type: 'public',
        client_secret_expires_at: 0,
        jwks: {},
        metadata: {},
        skip_consent: false,
        skip_logout_consent: null,
        client_credentials_grant_access_token_lifespan: null,
      });
      expect(answer.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(await storedHash('web-app')).toMatch(/^\$pbkdf2-sha256\$i=1000,l=32\$/);
    });

    it('generates a UUID id and a 26-character secret when none is given', async () => {
      const answer = await create({});
      expect(answer.status).toBe(201);
      expect(answer.body.client_id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(answer.body.client_secret).toMatch(/^[A-Za-z0-9._~-]{26}$/);
    });

    it('gives a public client (auth method none) no secret', async () => {
      const answer = await create({ client_id: 'spa', token_endpoint_auth_method: 'none' });
      expect(answer.status).toBe(201);
      expect(answer.body.client_secret).toBeUndefined();
      expect(await storedHash('spa')).toBe('');
    });

    it('keeps metadata, lifespans and CORS origins, normalised', async () => {
      const answer = await create({
        client_id: 'rich',
        metadata: { tier: 'gold', n: [1, 2] },
        allowed_cors_origins: ['https://App.Example:8443/'],
        client_credentials_grant_access_token_lifespan: '90m',
        scope: 'openid  profile',
        skip_logout_consent: true,
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        metadata: { tier: 'gold', n: [1, 2] },
        allowed_cors_origins: ['https://app.example:8443'],
        client_credentials_grant_access_token_lifespan: '1h30m0s',
        scope: 'openid profile',
        skip_logout_consent: true,
      });
    });

    it('answers 409 for a taken client_id', async () => {
      await create({ client_id: 'taken' });
      const answer = await create({ client_id: 'taken' });
      expect(answer.status).toBe(409);
      expect(answer.body).toEqual({
        error:
          'Unable to insert or update resource because a resource with that value exists already',
        error_description: '',
      });
    });

    it.each([
      ['a string where a list belongs', { redirect_uris: 'https://app.example/cb' }],
      ['a number where a string belongs', { client_name: 5 }],
      ['a list of numbers', { grant_types: [1, 2] }],
      ['a string where a boolean belongs', { skip_consent: 'yes' }],
      ['a string where a key set belongs', { jwks: 'keys' }],
      ['a number as lifespan', { client_credentials_grant_access_token_lifespan: 3600 }],
      ['an unparsable lifespan', { client_credentials_grant_access_token_lifespan: '1 hour' }],
      ['a negative lifespan', { client_credentials_grant_access_token_lifespan: '-1h' }],
      [
        'an overflowing lifespan',
        { client_credentials_grant_access_token_lifespan: '99999999999h' },
      ],
      ['an array body', [{ client_id: 'x' }]],
      ['a string body', 'client'],
    ])('refuses %s with 400', async (_case, body) => {
      const answer = await create(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('The request was malformed or contained invalid parameters');
    });

    it.each([
      ['an unknown auth method', { token_endpoint_auth_method: 'magic' }],
      ['client_secret_jwt', { token_endpoint_auth_method: 'client_secret_jwt' }],
      ['a short secret', { client_secret: 'abc' }],
      [
        'a secret for a public client',
        { token_endpoint_auth_method: 'none', client_secret: 'secret-123' },
      ],
      ['jwks and jwks_uri together', { jwks: { keys: [] }, jwks_uri: 'https://app.example/jwks' }],
      ['a symmetric key in jwks', { jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }],
      ['private_key_jwt without keys', { token_endpoint_auth_method: 'private_key_jwt' }],
      ['a javascript: policy URI', { policy_uri: 'javascript:alert(1)' }],
      ['a relative logo URI', { logo_uri: '/logo.png' }],
      ['a CORS origin with a path', { allowed_cors_origins: ['https://app.example/path'] }],
      ['a CORS origin with user info', { allowed_cors_origins: ['https://user@app.example'] }],
      ['an unknown grant type', { grant_types: ['password'] }],
      ['an unknown response type', { response_types: ['code magic'] }],
      ['an unsupported subject type', { subject_type: 'pairwise' }],
      [
        'a foreign post-logout origin',
        {
          redirect_uris: ['https://app.example/cb'],
          post_logout_redirect_uris: ['https://evil.example/bye'],
        },
      ],
      ['an unknown userinfo algorithm', { userinfo_signed_response_alg: 'HS256' }],
      ['an unknown access token strategy', { access_token_strategy: 'paseto' }],
      ['a control character in the id', { client_id: 'bad\nid' }],
      ['a scope with a quote', { scope: 'openid "profile"' }],
    ])('refuses %s with invalid_client_metadata', async (_case, body) => {
      const answer = await create(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_client_metadata');
    });

    it.each([
      ['a fragment', 'https://app.example/cb#frag'],
      ['a javascript: URI', 'javascript:alert(1)'],
      ['a data: URI', 'data:text/html,hi'],
      ['a relative URI', '/callback'],
      ['user info', 'https://user:pass@app.example/cb'],
      ['a NUL', 'https://app.example/c\u0000b'],
      ['a control character', 'https://app.example/cb?x=\u001b'],
    ])('refuses a redirect URI with %s as invalid_redirect_uri', async (_case, uri) => {
      const answer = await create({ redirect_uris: [uri] });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_redirect_uri');
    });

    it('accepts loopback http, custom schemes for native apps, and http in --dev', async () => {
      const answer = await create({
        redirect_uris: [
          'http://127.0.0.1:5555/cb',
          'com.example.app:/cb',
          'http://app.internal/cb',
        ],
      });
      expect(answer.status).toBe(201);
    });

    it('answers 413 with JSON for an oversize body', async () => {
      const answer = await create({ client_name: 'x'.repeat(2 * 1024 * 1024) });
      expect(answer.status).toBe(413);
      expect(answer.body.error).toBeTypeOf('string');
    });

    it('answers 400 for invalid JSON and for an empty body, 415 for a form', async () => {
      expect(
        (
          await call('POST', clients, {
            body: '{"client_id":',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(400);
      expect((await call('POST', clients)).status).toBe(400);
      const form = await call('POST', clients, {
        body: 'client_id=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
    });

    it('ignores unknown fields and the server-set ones, as Hydra does', async () => {
      const answer = await create({
        client_id: 'extra',
        color: 'blue',
        created_at: '2000-01-01T00:00:00Z',
        client_secret_expires_at: 99,
      });
      expect(answer.status).toBe(201);
      expect(answer.body.color).toBeUndefined();
      expect(answer.body.client_secret_expires_at).toBe(0);
      expect(answer.body.created_at).not.toBe('2000-01-01T00:00:00Z');
    });
  });

  describe('get', () => {
    it('returns the client without its secret, never cached', async () => {
      await create({ client_id: 'readable', client_secret: 'readable-secret' });
      const answer = await call('GET', `${clients}/readable`);
      expect(answer.status).toBe(200);
      expect(answer.body.client_id).toBe('readable');
      expect(answer.body.client_secret).toBeUndefined();
      expect(answer.headers.get('cache-control')).toBe(
        'private, no-cache, no-store, must-revalidate',
      );
    });

    it('answers 404 for an unknown id', async () => {
      const answer = await call('GET', `${clients}/does-not-exist`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        error: 'Unable to locate the resource',
        error_description: '',
      });
    });

    it('serves v1 paths and ignores a trailing slash', async () => {
      await create({ client_id: 'v1-path' });
      expect((await call('GET', `${server.url}/clients/v1-path`)).status).toBe(200);
      expect((await call('GET', `${clients}/v1-path/`)).status).toBe(200);
    });

    it('handles ids that need URL escaping', async () => {
      const created = await create({ client_id: 'a b/c' });
      expect(created.headers.get('location')).toBe('/admin/clients/a%20b%2Fc');
      expect((await call('GET', `${clients}/${encodeURIComponent('a b/c')}`)).body.client_id).toBe(
        'a b/c',
      );
    });
  });

  describe('replace (PUT)', () => {
    it('replaces every field and keeps the stored secret when none is given', async () => {
      await create({
        client_id: 'replace-me',
        client_secret: 'first-secret',
        client_name: 'Old',
        owner: 'team',
      });
      const hash = await storedHash('replace-me');
      const answer = await call('PUT', `${clients}/replace-me`, { json: { client_name: 'New' } });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ client_id: 'replace-me', client_name: 'New', owner: '' });
      expect(answer.body.client_secret).toBeUndefined();
      expect(await storedHash('replace-me')).toBe(hash);
    });

    it('hashes and returns a new secret once', async () => {
      await create({ client_id: 'rotate-me', client_secret: 'first-secret' });
      const hash = await storedHash('rotate-me');
      const answer = await call('PUT', `${clients}/rotate-me`, {
        json: { client_secret: 'second-secret' },
      });
      expect(answer.body.client_secret).toBe('second-secret');
      expect(await storedHash('rotate-me')).not.toBe(hash);
    });

    it('ignores the client_id in the body and answers 404 for an unknown id', async () => {
      await create({ client_id: 'keep-id' });
      expect(
        (await call('PUT', `${clients}/keep-id`, { json: { client_id: 'other' } })).body.client_id,
      ).toBe('keep-id');
      expect((await call('PUT', `${clients}/nobody`, { json: {} })).status).toBe(404);
    });

    it('validates like create', async () => {
      await create({ client_id: 'put-invalid' });
      const answer = await call('PUT', `${clients}/put-invalid`, {
        json: { redirect_uris: ['https://a.example/#x'] },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_redirect_uri');
    });
  });

  describe('patch (RFC 6902)', () => {
    const patch = (id: string, json: unknown) => call('PATCH', `${clients}/${id}`, { json });

    it('applies add, remove and replace, and replace of a missing member adds it', async () => {
      await create({
        client_id: 'patch-me',
        owner: 'team',
        redirect_uris: ['https://a.example/cb'],
      });
      const answer = await patch('patch-me', [
        { op: 'replace', path: '/client_name', value: 'Patched' },
        { op: 'add', path: '/redirect_uris/-', value: 'https://a.example/cb2' },
        { op: 'remove', path: '/owner' },
        { op: 'replace', path: '/jwks_uri', value: 'https://a.example/jwks' },
      ]);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        client_name: 'Patched',
        redirect_uris: ['https://a.example/cb', 'https://a.example/cb2'],
        owner: '',
        jwks_uri: 'https://a.example/jwks',
      });
      expect(answer.body.client_secret).toBeUndefined();
    });

    it('returns a changed secret once and keeps an unchanged one', async () => {
      await create({ client_id: 'patch-secret', client_secret: 'first-secret' });
      const hash = await storedHash('patch-secret');
      expect(
        (await patch('patch-secret', [{ op: 'replace', path: '/client_name', value: 'x' }])).body
          .client_secret,
      ).toBeUndefined();
      expect(await storedHash('patch-secret')).toBe(hash);
      const changed = await patch('patch-secret', [
        { op: 'add', path: '/client_secret', value: 'second-secret' },
      ]);
      expect(changed.body.client_secret).toBe('second-secret');
      expect(await storedHash('patch-secret')).not.toBe(hash);
    });

    it.each([
      ['move', [{ op: 'move', from: '/owner', path: '/client_name' }]],
      ['copy', [{ op: 'copy', from: '/owner', path: '/client_name' }]],
      ['test', [{ op: 'test', path: '/owner', value: '' }]],
      ['a change of client_id', [{ op: 'replace', path: '/client_id', value: 'stolen' }]],
      ['removing client_id', [{ op: 'remove', path: '/client_id' }]],
      ['an object instead of an array', { op: 'replace', path: '/owner', value: 'x' }],
      ['a path that is not a pointer', [{ op: 'replace', path: 'owner', value: 'x' }]],
      ['removing a missing member', [{ op: 'remove', path: '/nothing/here' }]],
      [
        'a value of the wrong type',
        [{ op: 'replace', path: '/redirect_uris', value: 'https://a.example' }],
      ],
      ['add without value', [{ op: 'add', path: '/owner' }]],
    ])('refuses %s with 400', async (_case, body) => {
      await create({ client_id: 'patch-bad' }).catch(() => undefined);
      const answer = await patch('patch-bad', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('The request was malformed or contained invalid parameters');
      expect((await call('GET', `${clients}/patch-bad`)).body.client_id).toBe('patch-bad');
    });

    it('validates the patched client', async () => {
      await create({ client_id: 'patch-validate' });
      const answer = await patch('patch-validate', [
        { op: 'add', path: '/redirect_uris/-', value: 'https://a.example/#frag' },
      ]);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_redirect_uri');
    });

    it('answers 404 for an unknown id', async () => {
      expect((await patch('nobody', [{ op: 'replace', path: '/owner', value: 'x' }])).status).toBe(
        404,
      );
    });
  });

  describe('delete', () => {
    it('answers 204, and 404 afterwards', async () => {
      await create({ client_id: 'delete-me' });
      const answer = await call('DELETE', `${clients}/delete-me`);
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect((await call('GET', `${clients}/delete-me`)).status).toBe(404);
      expect((await call('DELETE', `${clients}/delete-me`)).status).toBe(404);
    });
  });

  describe('lifespans', () => {
    it('replaces the whole set, normalised as Go prints durations', async () => {
      await create({ client_id: 'lifespans', authorization_code_grant_id_token_lifespan: '5m' });
      const answer = await call('PUT', `${clients}/lifespans/lifespans`, {
        json: {
          client_credentials_grant_access_token_lifespan: '1h',
          refresh_token_grant_refresh_token_lifespan: '720h',
        },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        client_id: 'lifespans',
        client_credentials_grant_access_token_lifespan: '1h0m0s',
        refresh_token_grant_refresh_token_lifespan: '720h0m0s',
        authorization_code_grant_id_token_lifespan: null,
      });
      expect(
        (await call('GET', `${clients}/lifespans`)).body
          .client_credentials_grant_access_token_lifespan,
      ).toBe('1h0m0s');
    });

    it('refuses bad durations with 400 and unknown clients with 404', async () => {
      await create({ client_id: 'lifespans-bad' });
      // A zero lifespan would mint tokens that are dead on arrival: refused like a negative one.
      for (const value of [
        'forever',
        '10',
        '-5m',
        '0s',
        '0h0m',
        12,
        '9999999999999h',
        '1e400h',
        ['1h'],
      ]) {
        const answer = await call('PUT', `${clients}/lifespans-bad/lifespans`, {
          json: { implicit_grant_access_token_lifespan: value },
        });
        expect(answer.status, JSON.stringify(value)).toBe(400);
      }
      expect((await call('PUT', `${clients}/nobody/lifespans`, { json: {} })).status).toBe(404);
    });
  });
});

describe('/admin/clients without --dev', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await createTestApp(createAdminApp, { dev: false });
  });
  afterAll(() => server?.close());

  it('requires https redirect URIs except on loopback', async () => {
    const plain = await call<Json>('POST', `${server.url}/admin/clients`, {
      json: { redirect_uris: ['http://app.example/cb'] },
    });
    expect(plain.status).toBe(400);
    expect(plain.body.error).toBe('invalid_redirect_uri');
    const loopback = await call<Json>('POST', `${server.url}/admin/clients`, {
      json: {
        redirect_uris: [
          'http://127.0.0.1:5555/cb',
          'http://localhost/cb',
          'https://app.example/cb',
        ],
      },
    });
    expect(loopback.status).toBe(201);
  });
});
