import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import {
  CookieBrowser,
  codeRequestUrl,
  obtainCode,
  queryParam,
  runFlow,
} from '../../support/browser';
import { ath, DpopKey } from '../../support/dpop';
import { call, type HttpAnswer } from '../../support/http';
import { basic, introspect, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;

const REDIRECT = 'http://127.0.0.1:5555/callback';

describe.each(TEST_ENGINES)('DPoP sender-constrained tokens (RFC 9449) on %s', (engine) => {
  let server: TestServer;
  let tokenUrl: string;
  let userinfoUrl: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    const issuer = server.runtime.config.urls.self.issuer;
    tokenUrl = `${issuer}oauth2/token`;
    userinfoUrl = `${issuer}userinfo`;
    const machine = { grant_types: ['client_credentials'], scope: 'read' };
    await registerClient(server.adminUrl, {
      client_id: 'machine',
      client_secret: 'secret-1',
      ...machine,
    });
    await registerClient(server.adminUrl, {
      client_id: 'jwt-machine',
      client_secret: 'secret-2',
      access_token_strategy: 'jwt',
      ...machine,
    });
    const user = {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline',
    };
    await registerClient(server.adminUrl, { client_id: 'web', client_secret: 'secret-3', ...user });
    await registerClient(server.adminUrl, {
      client_id: 'spa',
      token_endpoint_auth_method: 'none',
      ...user,
    });
  });
  afterAll(() => server?.close());

  /** A token request with form fields, optional Basic credentials and optional DPoP header. */
  function tokenRequest(form: Record<string, string>, authorization?: string, dpop?: string) {
    return call<Json>('POST', tokenUrl, {
      body: new URLSearchParams(form).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
        ...(dpop !== undefined ? { dpop } : {}),
      },
    });
  }

  const machineToken = async (key?: DpopKey, clientId = 'machine', secret = 'secret-1') =>
    tokenRequest(
      { grant_type: 'client_credentials', scope: 'read' },
      basic(clientId, secret),
      key ? await key.proof('POST', tokenUrl) : undefined,
    );

  function userinfo(authorization: string, dpop?: string): Promise<HttpAnswer<Json>> {
    return call<Json>('GET', userinfoUrl, {
      headers: { authorization, ...(dpop !== undefined ? { dpop } : {}) },
    });
  }

  /** Code flow tokens of `clientId`, the code exchanged with a proof of `key`. */
  async function codeFlowTokens(clientId: 'web' | 'spa', key: DpopKey): Promise<Json> {
    const code = await obtainCode(server, clientId, REDIRECT, 'openid offline');
    const answer = await tokenRequest(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        ...(clientId === 'spa' ? { client_id: 'spa' } : {}),
      },
      clientId === 'web' ? basic('web', 'secret-3') : undefined,
      await key.proof('POST', tokenUrl),
    );
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  }

  async function refresh(clientId: 'web' | 'spa', refreshToken: string, key?: DpopKey) {
    return tokenRequest(
      {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        ...(clientId === 'spa' ? { client_id: 'spa' } : {}),
      },
      clientId === 'web' ? basic('web', 'secret-3') : undefined,
      key ? await key.proof('POST', tokenUrl) : undefined,
    );
  }

  it('binds a client_credentials token to the proof key: token_type DPoP, cnf.jkt in introspection and in a JWT', async () => {
    const key = await DpopKey.create();
    const opaque = await machineToken(key);
    expect(opaque.status, opaque.text).toBe(200);
    expect(opaque.body.token_type).toBe('DPoP');
    expect(
      (await introspect(server.adminUrl, String(opaque.body.access_token))).body,
    ).toMatchObject({
      active: true,
      client_id: 'machine',
      token_type: 'DPoP',
      cnf: { jkt: key.jkt },
    });
    const jwt = await machineToken(key, 'jwt-machine', 'secret-2');
    expect(jwt.body.token_type).toBe('DPoP');
    expect(decodeJwt(String(jwt.body.access_token)).cnf).toEqual({ jkt: key.jkt });
    expect((await introspect(server.adminUrl, String(jwt.body.access_token))).body).toMatchObject({
      active: true,
      token_type: 'DPoP',
      cnf: { jkt: key.jkt },
    });
  });

  it('answers requests without a DPoP header exactly as before: lower-case bearer, no cnf', async () => {
    const answer = await machineToken();
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'scope',
      'token_type',
    ]);
    expect(answer.body.token_type).toBe('bearer');
    const active = (await introspect(server.adminUrl, String(answer.body.access_token))).body;
    expect(active).toMatchObject({ active: true, token_type: 'Bearer' });
    expect(active).not.toHaveProperty('cnf');
    const jwt = await machineToken(undefined, 'jwt-machine', 'secret-2');
    expect(decodeJwt(String(jwt.body.access_token))).not.toHaveProperty('cnf');
  });

  it('refuses a replayed proof, and proofs for another URL or method, with 400 invalid_dpop_proof', async () => {
    const key = await DpopKey.create();
    const proof = await key.proof('POST', tokenUrl);
    const form = { grant_type: 'client_credentials', scope: 'read' };
    expect((await tokenRequest(form, basic('machine', 'secret-1'), proof)).status).toBe(200);
    for (const dpop of [
      proof,
      await key.proof('POST', `${server.runtime.config.urls.self.issuer}oauth2/revoke`),
      await key.proof('GET', tokenUrl),
      `${await key.proof('POST', tokenUrl)}, ${await key.proof('POST', tokenUrl)}`,
      '',
    ]) {
      const refused = await tokenRequest(form, basic('machine', 'secret-1'), dpop);
      expect(refused.status, dpop).toBe(400);
      expect(refused.body.error, dpop).toBe('invalid_dpop_proof');
      expect(refused.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('serves UserInfo for a bound code-flow token with the DPoP scheme and a proof, never as Bearer', async () => {
    const key = await DpopKey.create();
    const tokens = await codeFlowTokens('web', key);
    expect(tokens.token_type).toBe('DPoP');
    const token = String(tokens.access_token);
    const ok = await userinfo(
      `DPoP ${token}`,
      await key.proof('GET', userinfoUrl, { ath: ath(token) }),
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ sub: 'alice' });

    const asBearer = await userinfo(`Bearer ${token}`);
    expect(asBearer.status).toBe(401);
    expect(asBearer.body.error).toBe('invalid_token');
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);

    const other = await DpopKey.create();
    for (const [dpop, error] of [
      [undefined, 'invalid_dpop_proof'],
      [await key.proof('GET', userinfoUrl), 'invalid_dpop_proof'],
      [await key.proof('GET', userinfoUrl, { ath: ath('ory_at_other') }), 'invalid_dpop_proof'],
      [await key.proof('POST', userinfoUrl, { ath: ath(token) }), 'invalid_dpop_proof'],
      [await other.proof('GET', userinfoUrl, { ath: ath(token) }), 'invalid_token'],
    ] as const) {
      const refused = await userinfo(`DPoP ${token}`, dpop);
      expect(refused.status, dpop).toBe(401);
      expect(refused.body.error, dpop).toBe(error);
      const challenge = refused.headers.get('www-authenticate') ?? '';
      expect(challenge, dpop).toMatch(new RegExp(`^DPoP error="${error}"`));
      expect(challenge, dpop).toMatch(/algs="[^"]*ES256[^"]*"/);
    }
  });

  it('refuses an unbound token with the DPoP scheme and keeps serving it as Bearer', async () => {
    const code = await obtainCode(server, 'web', REDIRECT, 'openid');
    const exchanged = await tokenRequest(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic('web', 'secret-3'),
    );
    expect(exchanged.body.token_type).toBe('bearer');
    const token = String(exchanged.body.access_token);
    const key = await DpopKey.create();
    const refused = await userinfo(
      `DPoP ${token}`,
      await key.proof('GET', userinfoUrl, { ath: ath(token) }),
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
    expect(refused.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);
    const ok = await userinfo(`Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.body.sub).toBe('alice');
  });

  it("binds a public client's refresh token: another key or no proof is refused, the same key works and stays bound", async () => {
    const key = await DpopKey.create();
    const tokens = await codeFlowTokens('spa', key);
    expect(tokens.token_type).toBe('DPoP');
    const refreshToken = String(tokens.refresh_token);
    const intruder = await DpopKey.create();
    const stolen = await refresh('spa', refreshToken, intruder);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    const bare = await refresh('spa', refreshToken);
    expect(bare.status).toBe(400);
    expect(bare.body.error).toBe('invalid_dpop_proof');

    // The refused attempts did not use the token up.
    const refreshed = await refresh('spa', refreshToken, key);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.body.token_type).toBe('DPoP');
    expect(
      (await introspect(server.adminUrl, String(refreshed.body.access_token))).body,
    ).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
    const next = String(refreshed.body.refresh_token);
    // A thief holding the used token but not the key cannot end the grant by replaying it.
    expect((await refresh('spa', refreshToken, intruder)).body.error).toBe('invalid_grant');
    const stillActive = await introspect(server.adminUrl, String(refreshed.body.access_token));
    expect(stillActive.body.active).toBe(true);
    expect((await refresh('spa', next, intruder)).body.error).toBe('invalid_grant');
    expect((await refresh('spa', next, key)).status).toBe(200);
  });

  it("lets a confidential client's DPoP grant refresh with a new key, but not without a proof", async () => {
    const key = await DpopKey.create();
    const tokens = await codeFlowTokens('web', key);
    const bare = await refresh('web', String(tokens.refresh_token));
    expect(bare.status).toBe(400);
    expect(bare.body.error).toBe('invalid_dpop_proof');
    const rotated = await DpopKey.create();
    const refreshed = await refresh('web', String(tokens.refresh_token), rotated);
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.body.token_type).toBe('DPoP');
    expect(
      (await introspect(server.adminUrl, String(refreshed.body.access_token))).body,
    ).toMatchObject({ token_type: 'DPoP', cnf: { jkt: rotated.jkt } });
  });

  /** The answer to an authorization request of `web` with `extra` parameters, after the flow. */
  async function authorizeWith(extra: Record<string, string>) {
    const url = `${codeRequestUrl(server.publicUrl, 'web', REDIRECT, 'openid offline')}&${new URLSearchParams(extra)}`;
    return (await runFlow(new CookieBrowser(), server.adminUrl, url)).answer;
  }

  /** Exchanges `code` of `web`, with a proof of `key` when given. */
  const exchangeCode = async (code: string, key?: DpopKey) =>
    tokenRequest(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic('web', 'secret-3'),
      key ? await key.proof('POST', tokenUrl) : undefined,
    );

  /** RFC 9449 §10: refused without a proof and with another key, then its own key succeeds. */
  async function expectBoundCode(code: string, key: DpopKey): Promise<void> {
    for (const other of [undefined, await DpopKey.create()]) {
      const refused = await exchangeCode(code, other);
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body.error).toBe('invalid_dpop_proof');
    }
    // The refusals did not use the code up.
    const exchanged = await exchangeCode(code, key);
    expect(exchanged.status, exchanged.text).toBe(200);
    expect(exchanged.body.token_type).toBe('DPoP');
    expect(
      (await introspect(server.adminUrl, String(exchanged.body.access_token))).body,
    ).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
    // The used code, leaked and replayed without the key, cannot end the grant either.
    expect((await exchangeCode(code, await DpopKey.create())).body.error).toBe(
      'invalid_dpop_proof',
    );
    const access = String(exchanged.body.access_token);
    expect((await introspect(server.adminUrl, access)).body.active).toBe(true);
    expect((await exchangeCode(code, key)).body.error).toBe('invalid_grant');
  }

  it('binds a code to dpop_jkt: without a proof or with another key it is refused and not used up, its key gets DPoP tokens', async () => {
    const key = await DpopKey.create();
    const answer = await authorizeWith({ dpop_jkt: key.jkt });
    await expectBoundCode(queryParam(answer.location, 'code') as string, key);
  });

  it('takes dpop_jkt from a signed request object like any other parameter', async () => {
    const signing = await generateKeyPair('ES256');
    await registerClient(server.adminUrl, {
      client_id: 'signed-requests',
      client_secret: 'secret-5',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      jwks: { keys: [{ ...(await exportJWK(signing.publicKey)), kid: 'ro', alg: 'ES256' }] },
      request_object_signing_alg: 'ES256',
    });
    const key = await DpopKey.create();
    const request = await new SignJWT({
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'state-0123456789',
      dpop_jkt: key.jkt,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'ro' })
      .sign(signing.privateKey);
    const query = new URLSearchParams({ client_id: 'signed-requests', scope: 'openid', request });
    const url = `${server.publicUrl}/oauth2/auth?${query}`;
    const { answer } = await runFlow(new CookieBrowser(), server.adminUrl, url);
    const code = queryParam(answer.location, 'code') as string;
    const exchange = async (proof?: DpopKey) =>
      tokenRequest(
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        basic('signed-requests', 'secret-5'),
        proof ? await proof.proof('POST', tokenUrl) : undefined,
      );
    expect((await exchange()).body.error).toBe('invalid_dpop_proof');
    const exchanged = await exchange(key);
    expect(exchanged.status, exchanged.text).toBe(200);
    expect(exchanged.body.token_type).toBe('DPoP');
  });

  it('refuses a malformed dpop_jkt with invalid_request at the redirect URI', async () => {
    const url = codeRequestUrl(server.publicUrl, 'web', REDIRECT, 'openid');
    // Too short, not base64url, and a 43-character value no SHA-256 digest encodes to.
    for (const dpopJkt of ['not-a-thumbprint', `${'A'.repeat(42)}+`, `${'A'.repeat(42)}B`]) {
      const answer = await new CookieBrowser().get(
        `${url}&${new URLSearchParams({ dpop_jkt: dpopJkt })}`,
      );
      expect(answer.status, dpopJkt).toBe(303);
      expect(answer.location?.startsWith(`${REDIRECT}?`), answer.location).toBe(true);
      expect(queryParam(answer.location, 'error')).toBe('invalid_request');
      expect(queryParam(answer.location, 'error_description')).toContain('dpop_jkt');
      expect(queryParam(answer.location, 'state')).toBe('state-0123456789');
    }
  });

  it("works end to end with openid-client's DPoP support: code flow, UserInfo, refresh", async () => {
    const issuer = server.runtime.config.urls.self.issuer;
    const client = await oidc.discovery(
      new URL(issuer),
      'web',
      'secret-3',
      oidc.ClientSecretBasic('secret-3'),
      { execute: [oidc.allowInsecureRequests] },
    );
    expect(client.serverMetadata().dpop_signing_alg_values_supported).toContain('ES256');
    const DPoP = oidc.getDPoPHandle(client, await oidc.randomDPoPKeyPair('ES256'));
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: REDIRECT,
      scope: 'openid offline',
      state: 'state-0123456789',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { answer } = await runFlow(new CookieBrowser(), server.adminUrl, url.href);
    const tokens = await oidc.authorizationCodeGrant(
      client,
      new URL(answer.location as string),
      { pkceCodeVerifier: verifier, expectedState: 'state-0123456789' },
      undefined,
      { DPoP },
    );
    expect(tokens.token_type).toBe('dpop');
    const claims = await oidc.fetchUserInfo(client, tokens.access_token, 'alice', { DPoP });
    expect(claims.sub).toBe('alice');
    await expect(oidc.fetchUserInfo(client, tokens.access_token, 'alice')).rejects.toThrow();
    const refreshed = await oidc.refreshTokenGrant(
      client,
      tokens.refresh_token as string,
      undefined,
      { DPoP },
    );
    expect(refreshed.token_type).toBe('dpop');
    const machine = new oidc.Configuration(
      client.serverMetadata(),
      'machine',
      {},
      oidc.ClientSecretBasic('secret-1'),
    );
    oidc.allowInsecureRequests(machine);
    const own = await oidc.clientCredentialsGrant(machine, { scope: 'read' }, { DPoP });
    expect(own.token_type).toBe('dpop');
  });
});

describe.each(TEST_ENGINES)(
  'DPoP required from public clients (OAUTH2_DPOP_ENFORCED_FOR_PUBLIC_CLIENTS) on %s',
  (engine) => {
    let server: TestServer;
    let tokenUrl: string;

    beforeAll(async () => {
      server = await createTestServer(
        { public: createPublicApp, admin: createAdminApp },
        {
          engine,
          issuerIsPublicUrl: true,
          env: { OAUTH2_DPOP_ENFORCED_FOR_PUBLIC_CLIENTS: 'true' },
        },
      );
      tokenUrl = `${server.runtime.config.urls.self.issuer}oauth2/token`;
      const registration = {
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
        scope: 'openid',
      };
      await registerClient(server.adminUrl, {
        client_id: 'native',
        token_endpoint_auth_method: 'none',
        ...registration,
        grant_types: ['authorization_code'],
      });
      await registerClient(server.adminUrl, {
        client_id: 'native-implicit',
        token_endpoint_auth_method: 'none',
        redirect_uris: [REDIRECT],
        grant_types: ['implicit'],
        response_types: ['token'],
        scope: 'openid',
      });
      await registerClient(server.adminUrl, {
        client_id: 'backend',
        client_secret: 'backend-secret',
        ...registration,
      });
    });
    afterAll(() => server?.close());

    const exchange = (code: string, dpop?: string) =>
      call<Json>('POST', tokenUrl, {
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: 'native',
        }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(dpop ? { dpop } : {}),
        },
      });

    it("refuses a public client's exchange without a proof, without using up its code", async () => {
      const code = await obtainCode(server, 'native', REDIRECT, 'openid');
      const bare = await exchange(code);
      expect(bare.status).toBe(400);
      expect(bare.body.error).toBe('invalid_dpop_proof');
      const key = await DpopKey.create();
      const bound = await exchange(code, await key.proof('POST', tokenUrl));
      expect(bound.status, bound.text).toBe(200);
      expect(bound.body.token_type).toBe('DPoP');
    });

    it('refuses the implicit grant to a public client, since its tokens could not be bound', async () => {
      const query = new URLSearchParams({
        client_id: 'native-implicit',
        response_type: 'token',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 'state-0123456789',
      });
      const answer = await new CookieBrowser().get(`${server.publicUrl}/oauth2/auth?${query}`);
      expect(answer.status).toBe(303);
      const fragment = new URLSearchParams(new URL(answer.location as string).hash.slice(1));
      expect(fragment.get('error')).toBe('unsupported_response_type');
    });

    it('leaves confidential clients free to use bearer tokens', async () => {
      const answer = await call<Json>('POST', tokenUrl, {
        body: 'grant_type=client_credentials',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('backend', 'backend-secret'),
        },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.token_type).toBe('bearer');
    });
  },
);
