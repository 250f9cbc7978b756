import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { call } from '../../support/http';
import {
  basic,
  clientCredentialsToken,
  introspect,
  postForm,
  registerClient,
} from '../../support/oauth';

describe.each(TEST_ENGINES)('the token endpoint with client_credentials on %s', (engine) => {
  let server: TestServer;
  let tokenUrl: string;

  beforeAll(async () => {
    server = await createTestServer({ public: createPublicApp, admin: createAdminApp }, { engine });
    tokenUrl = `${server.publicUrl}/oauth2/token`;
    const machine = {
      grant_types: ['client_credentials'],
      scope: 'read write.* offline',
      audience: ['https://api.example/'],
    };
    await registerClient(server.adminUrl, {
      client_id: 'machine',
      client_secret: 'machine-secret',
      ...machine,
    });
    await registerClient(server.adminUrl, {
      client_id: 'poster',
      client_secret: 'poster-secret',
      token_endpoint_auth_method: 'client_secret_post',
      ...machine,
    });
    await registerClient(server.adminUrl, {
      client_id: 'public-app',
      token_endpoint_auth_method: 'none',
      grant_types: ['client_credentials'],
    });
    await registerClient(server.adminUrl, {
      client_id: 'no-grant',
      client_secret: 'no-grant-secret',
    });
    await registerClient(server.adminUrl, {
      client_id: 'with space+plus',
      client_secret: 'p@ss:word/%',
      grant_types: ['client_credentials'],
    });
  });
  afterAll(() => server?.close());

  function relyingParty(clientId: string, auth: oidc.ClientAuth): oidc.Configuration {
    const config = new oidc.Configuration(
      { issuer: server.runtime.config.urls.self.issuer, token_endpoint: tokenUrl },
      clientId,
      {},
      auth,
    );
    oidc.allowInsecureRequests(config);
    return config;
  }

  it("issues a token to openid-client's clientCredentialsGrant (Basic and post) that introspects as active", async () => {
    for (const [clientId, auth] of [
      ['machine', oidc.ClientSecretBasic('machine-secret')],
      ['poster', oidc.ClientSecretPost('poster-secret')],
    ] as const) {
      const tokens = await oidc.clientCredentialsGrant(relyingParty(clientId, auth), {
        scope: 'read write.orders',
        audience: 'https://api.example/orders',
      });
      expect(tokens.access_token).toMatch(/^ory_at_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.expires_in).toBeGreaterThan(3590);
      expect(tokens.refresh_token).toBeUndefined();
      const active = await introspect(server.adminUrl, tokens.access_token);
      expect(active.body).toMatchObject({
        active: true,
        client_id: clientId,
        sub: clientId,
        scope: 'read write.orders',
        aud: ['https://api.example/orders'],
        iss: server.runtime.config.urls.self.issuer,
        token_type: 'Bearer',
        token_use: 'access_token',
      });
      expect(active.body.exp).toBe((active.body.iat as number) + 3600);
      expect(active.body.nbf).toBe(active.body.iat);
    }
  });

  it('commits every token of concurrent requests (grouped INSERTs) before answering', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        clientCredentialsToken(server.publicUrl, 'machine', 'machine-secret', {
          scope: index % 2 ? 'read' : 'write.orders',
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const tokens = answers.map((answer) => String(answer.body.access_token));
    expect(new Set(tokens).size).toBe(tokens.length);
    const introspections = await Promise.all(
      tokens.map((token) => introspect(server.adminUrl, token)),
    );
    introspections.forEach((answer, index) =>
      expect(answer.body).toMatchObject({
        active: true,
        client_id: 'machine',
        scope: index % 2 ? 'read' : 'write.orders',
      }),
    );
  });

  it('answers with no-store, lower-case bearer and the scope, even when empty', async () => {
    const answer = await clientCredentialsToken(server.publicUrl, 'machine', 'machine-secret');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('pragma')).toBe('no-cache');
    expect(Object.keys(answer.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'scope',
      'token_type',
    ]);
    expect(answer.body.scope).toBe('');
    expect(
      (await introspect(server.adminUrl, String(answer.body.access_token))).body.scope,
    ).toBeUndefined();
  });

  it('decodes form-url-encoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    const answer = await clientCredentialsToken(server.publicUrl, 'with space+plus', 'p@ss:word/%');
    expect(answer.status).toBe(200);
  });

  it.each([
    ['an unknown client', () => basic('nobody', 'secret'), {}],
    ['a wrong secret', () => basic('machine', 'wrong-secret'), {}],
    ['a Basic header that is not base64', () => 'Basic !!!not-base64!!!', {}],
    [
      'a Basic header without a colon',
      () => `Basic ${Buffer.from('machine').toString('base64')}`,
      {},
    ],
    [
      'a bad escape in the Basic id',
      () => `Basic ${Buffer.from('%zz:secret').toString('base64')}`,
      {},
    ],
    ['Basic for a client_secret_post client', () => basic('poster', 'poster-secret'), {}],
    ['a secret for a public client', () => basic('public-app', 'some-secret'), {}],
  ])(
    'refuses %s with 401 invalid_client and a Basic challenge',
    async (_case, authorization, form) => {
      const answer = await postForm(
        tokenUrl,
        { grant_type: 'client_credentials', ...form },
        authorization(),
      );
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_client');
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="oauth2"');
    },
  );

  it.each([
    ['no credentials at all', { grant_type: 'client_credentials' }],
    [
      'client_secret_post for a Basic client',
      { grant_type: 'client_credentials', client_id: 'machine', client_secret: 'machine-secret' },
    ],
    [
      'a wrong posted secret',
      { grant_type: 'client_credentials', client_id: 'poster', client_secret: 'nope-nope' },
    ],
    [
      'a posted secret for a public client',
      { grant_type: 'client_credentials', client_id: 'public-app', client_secret: 'some-secret' },
    ],
    [
      'only a client_id for a confidential client',
      { grant_type: 'client_credentials', client_id: 'machine' },
    ],
  ])('refuses %s with 401 invalid_client', async (_case, form) => {
    const answer = await postForm(tokenUrl, form);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(answer.headers.get('www-authenticate')).toBeNull();
  });

  it('refuses two authentication methods at once with invalid_request', async () => {
    const answer = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials', client_id: 'machine', client_secret: 'machine-secret' },
      basic('machine', 'machine-secret'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
  });

  it.each([
    ['a scope the client does not hold', { scope: 'admin' }, 'invalid_scope'],
    ['a scope outside a wildcard', { scope: 'write' }, 'invalid_scope'],
    ['an audience not on the allow-list', { audience: 'https://evil.example/' }, 'invalid_request'],
    [
      'an audience outside the allowed path',
      { audience: 'https://api.exampleX/' },
      'invalid_request',
    ],
  ])('refuses %s', async (_case, form, error) => {
    const answer = await clientCredentialsToken(
      server.publicUrl,
      'machine',
      'machine-secret',
      form,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(error);
  });

  it('accepts repeated audience parameters, each allowed', async () => {
    const answer = await clientCredentialsToken(server.publicUrl, 'machine', 'machine-secret', {
      audience: ['https://api.example/a', 'https://api.example/b'],
    });
    expect(answer.status).toBe(200);
    expect((await introspect(server.adminUrl, String(answer.body.access_token))).body.aud).toEqual([
      'https://api.example/a',
      'https://api.example/b',
    ]);
  });

  it('refuses clients that may not use the grant: public, or without client_credentials', async () => {
    const publicClient = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: 'public-app',
    });
    expect(publicClient.status).toBe(400);
    expect(publicClient.body.error).toBe('unauthorized_client');
    const noGrant = await clientCredentialsToken(server.publicUrl, 'no-grant', 'no-grant-secret');
    expect(noGrant.body.error).toBe('unauthorized_client');
  });

  it.each([
    [
      'a JSON body',
      {
        body: '{"grant_type":"client_credentials"}',
        headers: { 'content-type': 'application/json' },
      },
      'invalid_request',
    ],
    [
      'an empty body',
      { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      'invalid_request',
    ],
    [
      'a duplicate grant_type',
      { body: 'grant_type=client_credentials&grant_type=client_credentials' },
      'invalid_request',
    ],
    [
      'a duplicate scope',
      { body: 'grant_type=client_credentials&scope=read&scope=read' },
      'invalid_request',
    ],
    ['no grant_type', { body: 'scope=read' }, 'invalid_request'],
    [
      'an unknown grant_type',
      { body: 'grant_type=password&username=a&password=b' },
      'unsupported_grant_type',
    ],
    [
      'a grant type that only differs in case',
      { body: 'grant_type=Client_Credentials' },
      'unsupported_grant_type',
    ],
  ])('answers %s with %s', async (_case, request, error) => {
    const answer = await call<Record<string, unknown>>('POST', tokenUrl, {
      body: request.body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('machine', 'machine-secret'),
        ...('headers' in request ? request.headers : {}),
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(error);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers GET with 405 JSON and Allow: POST', async () => {
    const answer = await call<Record<string, unknown>>('GET', tokenUrl);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(answer.body.error).toBe('invalid_request');
  });

  it("uses the client's own lifespan for its tokens", async () => {
    await registerClient(server.adminUrl, {
      client_id: 'short-lived',
      client_secret: 'short-secret',
      grant_types: ['client_credentials'],
      client_credentials_grant_access_token_lifespan: '90s',
    });
    const answer = await clientCredentialsToken(server.publicUrl, 'short-lived', 'short-secret');
    expect(answer.body.expires_in).toBeGreaterThan(85);
    expect(answer.body.expires_in).toBeLessThanOrEqual(90);
  });

  it('stops accepting an old secret as soon as the client is given a new one', async () => {
    await registerClient(server.adminUrl, {
      client_id: 'rotating',
      client_secret: 'first-secret',
      grant_types: ['client_credentials'],
    });
    expect(
      (await clientCredentialsToken(server.publicUrl, 'rotating', 'first-secret')).status,
    ).toBe(200);
    expect(
      (await clientCredentialsToken(server.publicUrl, 'rotating', 'first-secret')).status,
    ).toBe(200);
    await call('PATCH', `${server.adminUrl}/admin/clients/rotating`, {
      json: [{ op: 'replace', path: '/client_secret', value: 'second-secret' }],
    });
    expect(
      (await clientCredentialsToken(server.publicUrl, 'rotating', 'first-secret')).status,
    ).toBe(401);
    expect(
      (await clientCredentialsToken(server.publicUrl, 'rotating', 'second-secret')).status,
    ).toBe(200);
    await call('DELETE', `${server.adminUrl}/admin/clients/rotating`);
    expect(
      (await clientCredentialsToken(server.publicUrl, 'rotating', 'second-secret')).status,
    ).toBe(401);
  });
});

describe.each(TEST_ENGINES)('oversize token requests on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ public: createPublicApp, admin: createAdminApp }, { engine });
  });
  afterAll(() => server?.close());

  it('answers a form over 256 kB, or with more than 200 parameters, 413 with JSON', async () => {
    const url = `${server.publicUrl}/oauth2/token`;
    const huge = await postForm(url, {
      grant_type: 'client_credentials',
      scope: 'x'.repeat(300 * 1024),
    });
    const many = await postForm(
      url,
      Object.fromEntries(Array.from({ length: 250 }, (_, index) => [`p${index}`, 'v'])),
    );
    for (const answer of [huge, many]) {
      expect(answer.status).toBe(413);
      expect(typeof answer.body.error).toBe('string');
    }
  });
});
