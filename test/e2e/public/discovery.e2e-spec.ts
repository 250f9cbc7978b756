import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { call } from '../../support/http';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe.each(TEST_ENGINES)('discovery and the public keys on %s', (engine) => {
  let server: TestServer;
  let issuer: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      {
        engine,
        issuerIsPublicUrl: true,
        env: {
          WEBFINGER_OIDC_DISCOVERY_SUPPORTED_SCOPE: 'profile,email',
          WEBFINGER_JWKS_BROADCAST_KEYS: 'extra-set,hydra.openid.id-token',
        },
      },
    );
    issuer = server.runtime.config.urls.self.issuer;
  });
  afterAll(() => server?.close());

  it("succeeds with openid-client's discovery() against the issuer", async () => {
    const config = await oidc.discovery(new URL(issuer), 'any-client', 'any-secret', undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.token_endpoint).toBe(`${issuer}oauth2/token`);
    expect(metadata.jwks_uri).toBe(`${issuer}.well-known/jwks.json`);
  });

  it("describes only what the server does, with Hydra's endpoint URLs", async () => {
    const answer = await call<Record<string, unknown>>(
      'GET',
      `${server.publicUrl}/.well-known/openid-configuration`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(answer.body).toMatchObject({
      issuer,
      token_endpoint: `${issuer}oauth2/token`,
      jwks_uri: `${issuer}.well-known/jwks.json`,
      revocation_endpoint: `${issuer}oauth2/revoke`,
      authorization_endpoint: `${issuer}oauth2/auth`,
      userinfo_endpoint: `${issuer}userinfo`,
      grant_types_supported: [
        'authorization_code',
        'implicit',
        'client_credentials',
        'refresh_token',
      ],
      response_types_supported: [
        'code',
        'code id_token',
        'id_token',
        'token id_token',
        'token',
        'code token',
        'token id_token code',
      ],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      request_parameter_supported: true,
      request_uri_parameter_supported: true,
      require_request_uri_registration: true,
      userinfo_signing_alg_values_supported: ['none', 'RS256'],
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'client_secret_basic',
        'private_key_jwt',
        'none',
      ],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      // RFC 9449 §5.1: asymmetric algorithms only, never none or HMAC.
      dpop_signing_alg_values_supported: [
        'RS256',
        'RS384',
        'RS512',
        'PS256',
        'PS384',
        'PS512',
        'ES256',
        'ES384',
        'ES512',
        'EdDSA',
      ],
      scopes_supported: ['offline_access', 'offline', 'openid', 'profile', 'email'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(answer.body.registration_endpoint).toBeUndefined();
    expect(answer.body.introspection_endpoint).toBeUndefined();
    expect(
      (await call('GET', `${server.publicUrl}/.well-known/oauth-authorization-server`)).body,
    ).toEqual(answer.body);
  });

  it('publishes the broadcast sets and the token sets, every key public with kid, kty, alg and use', async () => {
    const answer = await call<{ keys: Array<Record<string, unknown>> }>(
      'GET',
      `${server.publicUrl}/.well-known/jwks.json`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    for (const key of answer.body.keys) {
      for (const member of ['kid', 'kty', 'alg', 'use'])
        expect(key[member], member).toBeTypeOf('string');
      for (const member of PRIVATE_MEMBERS) expect(key[member], member).toBeUndefined();
    }
    const sets = await Promise.all(
      ['extra-set', 'hydra.openid.id-token', 'hydra.jwt.access-token'].map((set) =>
        call<{ keys: Array<{ kid: string }> }>('GET', `${server.adminUrl}/admin/keys/${set}`),
      ),
    );
    expect(answer.body.keys.map((key) => key.kid)).toEqual(sets.map((set) => set.body.keys[0].kid));
  });

  it('serves the prepared documents from memory, for HEAD too, with request ids', async () => {
    await call('GET', `${server.publicUrl}/.well-known/jwks.json`);
    const again = await call('GET', `${server.publicUrl}/.well-known/jwks.json/`, {
      headers: { 'X-Request-Id': 'jwks-fetch' },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('x-request-id')).toBe('jwks-fetch');
    const head = await fetch(`${server.publicUrl}/.well-known/openid-configuration`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
  });

  it('advertises the alg of the newest ID token key', async () => {
    await call('POST', `${server.adminUrl}/admin/keys/hydra.openid.id-token`, {
      json: { alg: 'ES256', use: 'sig', kid: 'es-id' },
    });
    const answer = await call<Record<string, unknown>>(
      'GET',
      `${server.publicUrl}/.well-known/openid-configuration`,
    );
    expect(answer.body.id_token_signing_alg_values_supported).toEqual(['ES256']);
  });
});
