import { afterEach, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { call, type HttpAnswer } from '../../support/http';
import { basic, clientCredentialsToken, introspect, registerClient } from '../../support/oauth';

const BOOTSTRAPS = { public: createPublicApp, admin: createAdminApp };

function expectLimited(answer: HttpAnswer<unknown>): void {
  expect(answer.status).toBe(429);
  expect((answer.body as { error: string }).error).toBe('too_many_requests');
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe.each(TEST_ENGINES)('abuse limits on %s', (engine) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(env: Record<string, string>): Promise<TestServer> {
    server = await createTestServer(BOOTSTRAPS, { engine, env });
    await registerClient(server.adminUrl, {
      client_id: 'limited',
      client_secret: 'limited-secret',
      grant_types: ['client_credentials'],
    });
    return server;
  }

  it('are off by default', async () => {
    const { publicUrl } = await start({});
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => clientCredentialsToken(publicUrl, 'limited', 'nope')),
    );
    expect(answers.every((answer) => answer.status === 401)).toBe(true);
  });

  it('limit each IP on the token, introspection, authorization and UserInfo endpoints, and nothing else', async () => {
    const { publicUrl, adminUrl } = await start({
      RATE_LIMITS_PER_IP_REQUESTS_PER_SECOND: '1',
      RATE_LIMITS_PER_IP_BURST: '3',
    });
    for (let index = 0; index < 3; index++) {
      expect((await clientCredentialsToken(publicUrl, 'limited', 'limited-secret')).status).toBe(
        200,
      );
    }
    expectLimited(await clientCredentialsToken(publicUrl, 'limited', 'limited-secret'));
    expectLimited(await introspect(adminUrl, 'ory_at_x.y'));
    // Routes ignore case and up to two trailing slashes; the limits do too.
    const shouted = await call('POST', `${publicUrl}/OAuth2/TOKEN//`, {
      body: 'grant_type=client_credentials',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('limited', 'limited-secret'),
      },
    });
    expectLimited(shouted);
    // The authorization endpoint and UserInfo each have a budget of their own.
    for (const path of ['/oauth2/auth?client_id=limited', '/userinfo']) {
      for (let index = 0; index < 3; index++) {
        expect((await call('GET', `${publicUrl}${path}`)).status, path).toBeLessThan(429);
      }
      expectLimited(await call('GET', `${publicUrl}${path.toUpperCase()}`));
    }
    expect((await call('GET', `${publicUrl}/.well-known/openid-configuration`)).status).toBe(200);
    expect((await call('GET', `${adminUrl}/admin/clients`)).status).toBe(200);
  });

  it('limit each client by its authenticated requests; strangers naming it cannot drain it', async () => {
    const { publicUrl } = await start({
      RATE_LIMITS_PER_CLIENT_REQUESTS_PER_SECOND: '1',
      RATE_LIMITS_PER_CLIENT_BURST: '2',
    });
    for (let index = 0; index < 5; index++) {
      expect((await clientCredentialsToken(publicUrl, 'limited', 'wrong')).status).toBe(401);
    }
    expect((await clientCredentialsToken(publicUrl, 'limited', 'limited-secret')).status).toBe(200);
    expect((await clientCredentialsToken(publicUrl, 'limited', 'limited-secret')).status).toBe(200);
    expectLimited(await clientCredentialsToken(publicUrl, 'limited', 'limited-secret'));
  });

  it('make an IP wait after too many failed client authentications, even with the right secret', async () => {
    const { publicUrl } = await start({ RATE_LIMITS_FAILED_AUTHENTICATION_PER_MINUTE: '3' });
    for (let index = 0; index < 3; index++) {
      expect((await clientCredentialsToken(publicUrl, 'limited', `guess-${index}`)).status).toBe(
        401,
      );
    }
    const blocked = await clientCredentialsToken(publicUrl, 'limited', 'limited-secret');
    expectLimited(blocked);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(20);
  });

  const from = (forwardedFor: string) => ({ 'x-forwarded-for': forwardedFor });
  const tokenFrom = (publicUrl: string, forwardedFor: string) =>
    call('POST', `${publicUrl}/oauth2/token`, {
      body: 'grant_type=client_credentials',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic('limited', 'limited-secret'),
        ...from(forwardedFor),
      },
    });

  it('believe no X-Forwarded-For from an untrusted peer: a forged header evades nothing', async () => {
    const { publicUrl } = await start({
      RATE_LIMITS_PER_IP_REQUESTS_PER_SECOND: '1',
      RATE_LIMITS_PER_IP_BURST: '2',
    });
    expect((await tokenFrom(publicUrl, '203.0.113.1')).status).toBe(200);
    expect((await tokenFrom(publicUrl, '203.0.113.2')).status).toBe(200);
    expectLimited(await tokenFrom(publicUrl, '203.0.113.3'));
  });

  it('limit each forwarded address separately behind a trusted proxy (RATE_LIMITS_TRUSTED_PROXIES)', async () => {
    const { publicUrl } = await start({
      RATE_LIMITS_PER_IP_REQUESTS_PER_SECOND: '1',
      RATE_LIMITS_PER_IP_BURST: '2',
      RATE_LIMITS_TRUSTED_PROXIES: '127.0.0.0/8,::1',
    });
    for (let index = 0; index < 2; index++) {
      expect((await tokenFrom(publicUrl, '203.0.113.1')).status).toBe(200);
    }
    expectLimited(await tokenFrom(publicUrl, '203.0.113.1'));
    // A caller who writes its own X-Forwarded-For is still known by what the proxy appended.
    expectLimited(await tokenFrom(publicUrl, '198.51.100.9, 203.0.113.1'));
    expect((await tokenFrom(publicUrl, '203.0.113.2')).status).toBe(200);
  });
});
