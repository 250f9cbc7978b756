import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam } from '../../support/browser';
import { registerClient } from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';
const STATE = 'state-0123456789';
type Claims = Record<string, unknown>;

/**
 * Hostile request objects (OIDC Core §6, RFC 9101): `alg: none` where the client pinned a
 * signing algorithm, HS/RS confusion (an HMAC keyed with the client's public key), expired and
 * not-yet-valid objects, and objects made for another client or another server. Each is
 * refused with `invalid_request_object` on the error page: its redirect URI is never trusted.
 */
describe.each(TEST_ENGINES)('hostile request objects on %s', (engine) => {
  let server: TestServer;
  let issuer: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let publicJwk: JWK;
  let pinned: string;
  let unpinned: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    issuer = server.runtime.config.urls.self.issuer;
    keys = await generateKeyPair('RS256');
    publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'ro-1', alg: 'RS256', use: 'sig' };
    const registration = {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid profile',
      jwks: { keys: [publicJwk] },
    };
    pinned = (
      await registerClient(server.adminUrl, {
        ...registration,
        request_object_signing_alg: 'RS256',
      })
    ).client_id as string;
    unpinned = (await registerClient(server.adminUrl, registration)).client_id as string;
  });
  afterAll(() => server?.close());

  const claimsFor = (clientId: string, extra: Claims = {}): Claims => ({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid profile',
    state: STATE,
    ...extra,
  });
  const rs256 = (claims: Claims, expiresIn = '5m') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'ro-1' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(keys.privateKey);

  async function authorize(clientId: string, request: string) {
    const query = new URLSearchParams({ client_id: clientId, scope: 'openid', request });
    return new CookieBrowser().get(`${server.publicUrl}/oauth2/auth?${query}`);
  }

  function expectRefused(answer: { status: number; location?: string }, why: string): void {
    expect(answer.status, why).toBe(302);
    expect(answer.location?.startsWith(server.runtime.config.urls.error), why).toBe(true);
    expect(queryParam(answer.location, 'error'), why).toBe('invalid_request_object');
  }

  it('accepts a well-formed object with iss and aud naming the client and this server', async () => {
    for (const aud of [issuer, [issuer, 'https://other.example'], `${issuer}oauth2/auth`]) {
      const answer = await authorize(pinned, await rs256(claimsFor(pinned, { iss: pinned, aud })));
      expect(answer.status, JSON.stringify(aud)).toBe(302);
      expect(queryParam(answer.location, 'login_challenge'), JSON.stringify(aud)).toBeTruthy();
    }
  });

  it('refuses alg none when the client pinned RS256, and HS256 keyed with its public key', async () => {
    const unsigned = new UnsecuredJWT(claimsFor(pinned)).encode();
    expectRefused(await authorize(pinned, unsigned), 'alg none');
    // The classic confusion: the verifier's RSA public key used as an HMAC secret.
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    for (const clientId of [pinned, unpinned]) {
      const confused = await new SignJWT(claimsFor(clientId))
        .setProtectedHeader({ alg: 'HS256', kid: 'ro-1' })
        .sign(secret);
      expectRefused(await authorize(clientId, confused), `HS256 for ${clientId}`);
    }
  });

  it('refuses expired and not-yet-valid objects, and a truncated or re-signed one', async () => {
    const expired = await new SignJWT(claimsFor(pinned))
      .setProtectedHeader({ alg: 'RS256', kid: 'ro-1' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(keys.privateKey);
    expectRefused(await authorize(pinned, expired), 'expired');
    const early = await new SignJWT(claimsFor(pinned))
      .setProtectedHeader({ alg: 'RS256', kid: 'ro-1' })
      .setNotBefore('10m')
      .sign(keys.privateKey);
    expectRefused(await authorize(pinned, early), 'nbf in the future');
    const good = await rs256(claimsFor(pinned));
    expectRefused(await authorize(pinned, good.slice(0, -6)), 'truncated');
    const [header, , signature] = good.split('.');
    const widened = Buffer.from(JSON.stringify(claimsFor(pinned, { scope: 'openid admin' })));
    expectRefused(
      await authorize(pinned, `${header}.${widened.toString('base64url')}.${signature}`),
      'payload swapped under the signature',
    );
  });

  it('refuses an object made for another client or another server', async () => {
    const cases: Array<[string, Claims]> = [
      ['iss of another client', { iss: unpinned }],
      ['aud of another server', { aud: 'https://other-as.example/' }],
      ['aud list without this server', { aud: ['https://a.example', 'https://b.example'] }],
    ];
    for (const [why, extra] of cases) {
      expectRefused(await authorize(pinned, await rs256(claimsFor(pinned, extra))), why);
    }
    const otherClient = await rs256(claimsFor(unpinned));
    expectRefused(await authorize(pinned, otherClient), 'client_id of another client');
  });

  it('takes an unsigned object from a client that pinned nothing as plain parameters only', async () => {
    // Without a pinned algorithm an unsigned object is what query parameters are (OIDC Core
    // §6.1, Hydra's behaviour): it is still checked like them, so it widens nothing.
    const plain = new UnsecuredJWT(claimsFor(unpinned)).encode();
    const answer = await authorize(unpinned, plain);
    expect(queryParam(answer.location, 'login_challenge')).toBeTruthy();
    const widening = new UnsecuredJWT(claimsFor(unpinned, { scope: 'openid admin' })).encode();
    const refused = await authorize(unpinned, widening);
    expect(refused.status).toBe(303);
    expect(queryParam(refused.location, 'error')).toBe('invalid_scope');
    const elsewhere = claimsFor(unpinned, { redirect_uri: 'https://attacker.example/cb' });
    const redirected = await authorize(unpinned, new UnsecuredJWT(elsewhere).encode());
    expect(redirected.location?.startsWith(server.runtime.config.urls.error)).toBe(true);
    expect(queryParam(redirected.location, 'error')).toBe('invalid_request');
  });
});
