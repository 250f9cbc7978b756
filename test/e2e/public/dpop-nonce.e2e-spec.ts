import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  TEST_ENGINES,
  TEST_SYSTEM_SECRET,
  type TestServer,
} from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, obtainCode, runFlow } from '../../support/browser';
import { ath, DpopKey } from '../../support/dpop';
import { call, type HttpAnswer } from '../../support/http';
import { basic, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;

const REDIRECT = 'http://127.0.0.1:5555/callback';
const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };
const NONCES = { OAUTH2_DPOP_NONCE_ENABLED: 'true' };
const NONCE = /^[A-Za-z0-9_-]{43}$/;
const MACHINE = { client_id: 'machine', client_secret: 'secret-1' };

async function registerClients(server: TestServer): Promise<void> {
  await registerClient(server.adminUrl, {
    ...MACHINE,
    grant_types: ['client_credentials'],
    scope: 'read',
  });
  await registerClient(server.adminUrl, {
    client_id: 'web',
    client_secret: 'secret-2',
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid offline',
  });
}

const tokenUrlOf = (server: TestServer) => `${server.runtime.config.urls.self.issuer}oauth2/token`;

/** A token request with form fields, optional Basic credentials and optional DPoP header. */
function tokenRequest(
  server: TestServer,
  form: Record<string, string>,
  authorization?: string,
  dpop?: string,
): Promise<HttpAnswer<Json>> {
  return call<Json>('POST', tokenUrlOf(server), {
    body: new URLSearchParams(form).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
      ...(dpop !== undefined ? { dpop } : {}),
    },
  });
}

/** client_credentials of `machine`, with a proof of `key` carrying `nonce` when given. */
async function machineToken(server: TestServer, key?: DpopKey, nonce?: string) {
  const proof = key?.proof('POST', tokenUrlOf(server), nonce === undefined ? {} : { nonce });
  return tokenRequest(
    server,
    { grant_type: 'client_credentials', scope: 'read' },
    basic(MACHINE.client_id, MACHINE.client_secret),
    await proof,
  );
}

function expectNonceDemand(answer: HttpAnswer<Json>, status: 400 | 401): string {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.body.error).toBe('use_dpop_nonce');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  const nonce = answer.headers.get('dpop-nonce') ?? '';
  expect(nonce).toMatch(NONCE);
  return nonce;
}

describe.each(TEST_ENGINES)('DPoP server-provided nonces (RFC 9449 §8, §9) on %s', (engine) => {
  let server: TestServer;
  let userinfoUrl: string;

  beforeAll(async () => {
    server = await createTestServer(BOOTSTRAPS, { engine, issuerIsPublicUrl: true, env: NONCES });
    userinfoUrl = `${server.runtime.config.urls.self.issuer}userinfo`;
    await registerClients(server);
  });
  afterAll(() => server?.close());

  it('answers a token request whose proof lacks the nonce with 400 use_dpop_nonce and DPoP-Nonce; the retry with it succeeds', async () => {
    const key = await DpopKey.create();
    const nonce = expectNonceDemand(await machineToken(server, key), 400);
    expectNonceDemand(await machineToken(server, key, 'made-up-nonce'), 400);
    const retried = await machineToken(server, key, nonce);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.token_type).toBe('DPoP');
    expect(retried.headers.get('dpop-nonce')).toMatch(NONCE);
  });

  it('answers requests without a DPoP header exactly as before: no nonce asked for, no DPoP-Nonce', async () => {
    const answer = await machineToken(server);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.token_type).toBe('bearer');
    expect(answer.headers.has('dpop-nonce')).toBe(false);
  });

  it('answers UserInfo with a proof lacking the nonce with 401 and a use_dpop_nonce DPoP challenge; the retry with it succeeds', async () => {
    const key = await DpopKey.create();
    const code = await obtainCode(server, 'web', REDIRECT, 'openid');
    const exchange = async (nonce?: string) =>
      tokenRequest(
        server,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        basic('web', 'secret-2'),
        await key.proof('POST', tokenUrlOf(server), nonce === undefined ? {} : { nonce }),
      );
    // The refusal for the missing nonce did not use the code up.
    const tokens = await exchange(expectNonceDemand(await exchange(), 400));
    expect(tokens.status, tokens.text).toBe(200);
    const token = String(tokens.body.access_token);
    const userinfo = async (nonce?: string) =>
      call<Json>('GET', userinfoUrl, {
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await key.proof('GET', userinfoUrl, {
            ath: ath(token),
            ...(nonce ? { nonce } : {}),
          }),
        },
      });
    const refused = await userinfo();
    const nonce = expectNonceDemand(refused, 401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^DPoP error="use_dpop_nonce"/);
    const ok = await userinfo(nonce);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.sub).toBe('alice');
    expect(ok.headers.get('dpop-nonce')).toMatch(NONCE);
  });

  it('works end to end with openid-client, which retries with the DPoP-Nonce it is given', async () => {
    const issuer = server.runtime.config.urls.self.issuer;
    const client = await oidc.discovery(
      new URL(issuer),
      'web',
      'secret-2',
      oidc.ClientSecretBasic('secret-2'),
      { execute: [oidc.allowInsecureRequests] },
    );
    const statuses: string[] = [];
    client[oidc.customFetch] = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      statuses.push(`${new URL(url).pathname} ${response.status}`);
      return response;
    };
    const DPoP = oidc.getDPoPHandle(client, await oidc.randomDPoPKeyPair('ES256'));
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: REDIRECT,
      scope: 'openid offline',
      state: 'state-0123456789',
      dpop_jkt: await DPoP.calculateThumbprint(),
    });
    const { answer } = await runFlow(new CookieBrowser(), server.adminUrl, url.href);
    const tokens = await oidc.authorizationCodeGrant(
      client,
      new URL(answer.location as string),
      { expectedState: 'state-0123456789' },
      undefined,
      { DPoP },
    );
    expect(tokens.token_type).toBe('dpop');
    const claims = await oidc.fetchUserInfo(client, tokens.access_token, 'alice', { DPoP });
    expect(claims.sub).toBe('alice');
    const refreshed = await oidc.refreshTokenGrant(
      client,
      tokens.refresh_token as string,
      undefined,
      { DPoP },
    );
    expect(refreshed.token_type).toBe('dpop');
    // One refusal asking for the nonce; from then on the client sends the one it was given.
    expect(statuses).toEqual([
      '/oauth2/token 400',
      '/oauth2/token 200',
      '/userinfo 200',
      '/oauth2/token 200',
    ]);
  });

  it("accepts another replica's nonce without shared state, and a nonce made before the secrets rotated", async () => {
    const replica = await createTestServer(BOOTSTRAPS, {
      engine,
      issuerIsPublicUrl: true,
      env: { ...NONCES, SECRETS_SYSTEM: `rotated-system-secret-0123456789,${TEST_SYSTEM_SECRET}` },
    });
    try {
      await registerClients(replica);
      const key = await DpopKey.create();
      const ours = expectNonceDemand(await machineToken(server, key), 400);
      expect((await machineToken(replica, key, ours)).status).toBe(200);
      // Made with the replica's new first secret, which this server does not know.
      const theirs = expectNonceDemand(await machineToken(replica, key), 400);
      expect(theirs).not.toBe(ours);
      expectNonceDemand(await machineToken(server, key, theirs), 400);
    } finally {
      await replica.close();
    }
  });
});
