import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
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

const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };
const jwks = async (server: TestServer) =>
  createLocalJWKSet(
    (await call<JSONWebKeySet>('GET', `${server.publicUrl}/.well-known/jwks.json`)).body,
  );

describe.each(TEST_ENGINES)('JWT access tokens on %s', (engine) => {
  let server: TestServer;
  let issuer: string;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, { engine });
    issuer = server.runtime.config.urls.self.issuer;
    await registerClient(server.adminUrl, {
      client_id: 'jwt-client',
      client_secret: 'jwt-secret',
      grant_types: ['client_credentials'],
      scope: 'read write',
      audience: ['https://api.example/'],
      access_token_strategy: 'jwt',
    });
    await registerClient(server.adminUrl, {
      client_id: 'opaque-client',
      client_secret: 'opaque-secret',
      grant_types: ['client_credentials'],
    });
  });
  afterAll(() => server?.close());

  const jwtToken = async () =>
    String(
      (
        await clientCredentialsToken(server.publicUrl, 'jwt-client', 'jwt-secret', {
          scope: 'read write',
          audience: 'https://api.example/orders',
        })
      ).body.access_token,
    );

  it("issues RFC 9068 tokens that verify against the JWKS with Hydra's claims", async () => {
    const token = await jwtToken();
    const { payload, protectedHeader } = await jwtVerify(token, await jwks(server), {
      issuer,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBeTypeOf('string');
    expect(payload).toMatchObject({
      iss: issuer,
      sub: 'jwt-client',
      client_id: 'jwt-client',
      aud: ['https://api.example/orders'],
      scp: ['read', 'write'],
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.nbf).toBe(payload.iat);
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it('keeps opaque tokens for clients that do not ask for JWTs', async () => {
    const token = String(
      (await clientCredentialsToken(server.publicUrl, 'opaque-client', 'opaque-secret')).body
        .access_token,
    );
    expect(token).toMatch(/^ory_at_/);
  });

  it('introspects and revokes JWT access tokens through their stored record', async () => {
    const token = await jwtToken();
    expect((await introspect(server.adminUrl, token)).body).toMatchObject({
      active: true,
      client_id: 'jwt-client',
      scope: 'read write',
    });
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${signature}`;
    expect((await introspect(server.adminUrl, tampered)).body).toMatchObject({ sub: 'jwt-client' });
    await postForm(
      `${server.publicUrl}/oauth2/revoke`,
      { token },
      basic('jwt-client', 'jwt-secret'),
    );
    expect((await introspect(server.adminUrl, token)).body).toEqual({ active: false });
  });

  it('rotates: new tokens carry the new kid, older ones still verify, the JWKS lists both until the old key is deleted', async () => {
    const before = await jwtToken();
    const oldKid = decodeProtectedHeader(before).kid;
    const created = await call<{ keys: Array<{ kid: string }> }>(
      'POST',
      `${server.adminUrl}/admin/keys/hydra.jwt.access-token`,
      { json: { alg: 'ES256', use: 'sig', kid: 'rotated-es256' } },
    );
    expect(created.status).toBe(201);
    const after = await jwtToken();
    expect(decodeProtectedHeader(after)).toMatchObject({ kid: 'rotated-es256', alg: 'ES256' });
    const keySet = await jwks(server);
    await jwtVerify(before, keySet);
    await jwtVerify(after, keySet);
    const published = (
      await call<JSONWebKeySet>('GET', `${server.publicUrl}/.well-known/jwks.json`)
    ).body.keys.map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, 'rotated-es256']));

    await call('DELETE', `${server.adminUrl}/admin/keys/hydra.jwt.access-token/${oldKid}`);
    const remaining = (
      await call<JSONWebKeySet>('GET', `${server.publicUrl}/.well-known/jwks.json`)
    ).body.keys.map((key) => key.kid);
    expect(remaining).not.toContain(oldKid);
    expect(remaining).toContain('rotated-es256');
  });
});

describe('JWT access tokens configured globally', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, {
      env: {
        STRATEGIES_ACCESS_TOKEN: 'jwt',
        STRATEGIES_JWT_TYP: 'JWT',
        STRATEGIES_JWT_SCOPE_CLAIM: 'both',
        OAUTH2_EXCLUDE_NOT_BEFORE_CLAIM: 'true',
      },
    });
    await registerClient(server.adminUrl, {
      client_id: 'any',
      client_secret: 'any-secret',
      grant_types: ['client_credentials'],
      scope: 'read',
    });
    await registerClient(server.adminUrl, {
      client_id: 'opts-out',
      client_secret: 'opts-out-secret',
      grant_types: ['client_credentials'],
      access_token_strategy: 'opaque',
    });
  });
  afterAll(() => server?.close());

  it("follows strategies.access_token, strategies.jwt.typ and .scope_claim; a client's own strategy wins", async () => {
    const token = String(
      (await clientCredentialsToken(server.publicUrl, 'any', 'any-secret', { scope: 'read' })).body
        .access_token,
    );
    const { payload, protectedHeader } = await jwtVerify(token, await jwks(server), { typ: 'JWT' });
    expect(protectedHeader.typ).toBe('JWT');
    expect(payload).toMatchObject({ scp: ['read'], scope: 'read' });
    expect(payload.nbf).toBeUndefined();
    const opaque = String(
      (await clientCredentialsToken(server.publicUrl, 'opts-out', 'opts-out-secret')).body
        .access_token,
    );
    expect(opaque).toMatch(/^ory_at_/);
  });

  it('drops pairwise from discovery, as Hydra does with JWT access tokens', async () => {
    const answer = await call<Record<string, unknown>>(
      'GET',
      `${server.publicUrl}/.well-known/openid-configuration`,
    );
    expect(answer.body.subject_types_supported).toEqual(['public']);
  });
});
