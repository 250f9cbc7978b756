import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { introspect, postForm, registerClient } from '../../support/oauth';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
type SigningKey = KeyPair['privateKey'];

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe.each(TEST_ENGINES)('private_key_jwt client authentication on %s', (engine) => {
  let server: TestServer;
  let tokenUrl: string;
  let rsa: KeyPair;
  let ec: KeyPair;
  let stranger: KeyPair;

  beforeAll(async () => {
    server = await createTestServer({ public: createPublicApp, admin: createAdminApp }, { engine });
    tokenUrl = `${server.publicUrl}/oauth2/token`;
    [rsa, ec, stranger] = await Promise.all([
      generateKeyPair('RS256', { extractable: true }),
      generateKeyPair('ES256', { extractable: true }),
      generateKeyPair('RS256', { extractable: true }),
    ]);
    const publicJwk = async (key: SigningKey, kid: string): Promise<JWK> => ({
      ...(await exportJWK(key)),
      kid,
      use: 'sig',
    });
    await registerClient(server.adminUrl, {
      client_id: 'signer',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      scope: 'read',
      jwks: { keys: [await publicJwk(rsa.publicKey, 'rsa-1')] },
    });
    await registerClient(server.adminUrl, {
      client_id: 'ec-signer',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      grant_types: ['client_credentials'],
      jwks: { keys: [await publicJwk(ec.publicKey, 'ec-1')] },
    });
    await registerClient(server.adminUrl, {
      client_id: 'secretive',
      client_secret: 'secretive-secret',
      grant_types: ['client_credentials'],
    });
  });
  afterAll(() => server?.close());

  async function assertion(
    options: {
      key?: SigningKey;
      alg?: string;
      clientId?: string;
      aud?: string;
      exp?: number;
      jti?: string;
      kid?: string;
    } = {},
  ): Promise<string> {
    const clientId = options.clientId ?? 'signer';
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: options.jti ?? randomUUID() })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(options.aud ?? server.runtime.config.publicUrl('/oauth2/token'))
      .setIssuedAt(now)
      .setExpirationTime(options.exp ?? now + 60)
      .sign(options.key ?? rsa.privateKey);
  }

  const exchange = (clientAssertion: string, extra: Record<string, string> = {}) =>
    postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: clientAssertion,
      ...extra,
    });

  it("authenticates openid-client's PrivateKeyJwt (aud = issuer)", async () => {
    const config = new oidc.Configuration(
      { issuer: server.runtime.config.urls.self.issuer, token_endpoint: tokenUrl },
      'signer',
      {},
      oidc.PrivateKeyJwt({ key: rsa.privateKey, kid: 'rsa-1' }),
    );
    oidc.allowInsecureRequests(config);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' });
    expect((await introspect(server.adminUrl, tokens.access_token)).body).toMatchObject({
      active: true,
      client_id: 'signer',
    });
  });

  it('authenticates an assertion for the token URL, with or without client_id, with RS256 and ES256', async () => {
    expect((await exchange(await assertion())).status).toBe(200);
    expect((await exchange(await assertion(), { client_id: 'signer' })).status).toBe(200);
    expect(
      (await exchange(await assertion({ clientId: 'ec-signer', key: ec.privateKey, alg: 'ES256' })))
        .status,
    ).toBe(200);
  });

  it('tries every registered key when the keys and the assertion carry no kid (RFC 7517 §4.5)', async () => {
    const bare = async (key: SigningKey): Promise<JWK> => ({
      ...(await exportJWK(key)),
      use: 'sig',
    });
    await registerClient(server.adminUrl, {
      client_id: 'kidless',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      jwks: { keys: [await bare(stranger.publicKey), await bare(rsa.publicKey)] },
    });
    expect((await exchange(await assertion({ clientId: 'kidless' }))).status).toBe(200);
    const forged = await exchange(
      await assertion({ clientId: 'kidless', key: ec.privateKey, alg: 'ES256' }),
    );
    expect(forged.status).toBe(401);
    expect(forged.body.error).toBe('invalid_client');
  });

  it('accepts a jti once', async () => {
    const once = await assertion();
    expect((await exchange(once)).status).toBe(200);
    const replay = await exchange(once);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_client');
  });

  it.each([
    [
      'signed by a key the client does not have',
      async () => assertion({ key: stranger.privateKey }),
    ],
    ['expired', async () => assertion({ exp: Math.floor(Date.now() / 1000) - 120 })],
    ['that expires past any date', async () => assertion({ exp: 1e300 })],
    ['for another audience', async () => assertion({ aud: 'https://elsewhere.example/token' })],
    [
      'with an algorithm the client did not register',
      async () => assertion({ clientId: 'ec-signer', key: rsa.privateKey }),
    ],
    [
      'for a client that authenticates with a secret',
      async () => assertion({ clientId: 'secretive' }),
    ],
    ['for an unknown client', async () => assertion({ clientId: 'nobody' })],
    ['that is not a JWT', async () => 'not.a.jwt'],
    [
      'with alg none',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"signer","sub":"signer"}').toString('base64url')}.`,
    ],
    [
      'signed with HS256 (client_secret_jwt)',
      async () =>
        new SignJWT({ jti: 'h' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('signer')
          .setSubject('signer')
          .setAudience(server.runtime.config.publicUrl('/oauth2/token'))
          .setExpirationTime('1m')
          .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')),
    ],
  ])('refuses an assertion %s with 401 invalid_client', async (_case, make) => {
    const answer = await exchange(await make());
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
  });

  it('refuses an unknown assertion type and a missing assertion with invalid_request', async () => {
    expect(
      (
        await postForm(tokenUrl, {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:other',
          client_assertion: await assertion(),
        })
      ).body.error,
    ).toBe('invalid_request');
    expect(
      (
        await postForm(tokenUrl, {
          grant_type: 'client_credentials',
          client_assertion_type: ASSERTION_TYPE,
        })
      ).body.error,
    ).toBe('invalid_request');
  });
});
