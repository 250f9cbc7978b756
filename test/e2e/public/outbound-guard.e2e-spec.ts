import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, signInWithCode } from '../../support/browser';
import { call } from '../../support/http';
import { postForm, registerClient } from '../../support/oauth';

/**
 * With `clients.http.disallow_private_ip_ranges` (the default outside --dev), no URL a client
 * registered makes the server call an internal address: not its `jwks_uri`, not a `request_uri`,
 * not its back-channel logout URI (the sector identifier has its own test in pairwise).
 */
describe('the outbound guard on URLs clients choose', () => {
  let server: TestServer;
  let internal: Server;
  let internalUrl: string;
  const hits: string[] = [];

  beforeAll(async () => {
    internal = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { env: { CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true' }, issuerIsPublicUrl: true },
    );
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => internal.close(() => resolve()));
  });

  it('does not fetch an internal jwks_uri for a private_key_jwt assertion', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await registerClient(server.adminUrl, {
      client_id: 'jwks-inside',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: `${internalUrl}/jwks`,
      grant_types: ['client_credentials'],
    });
    const tokenUrl = `${server.publicUrl}/oauth2/token`;
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: (await exportJWK(publicKey)).kid ?? 'k' })
      .setIssuer('jwks-inside')
      .setSubject('jwks-inside')
      .setAudience(tokenUrl)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    const answer = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(hits.filter((hit) => hit === '/jwks')).toEqual([]);
  });

  it('does not fetch an internal request_uri, and does not say why', async () => {
    await registerClient(server.adminUrl, {
      client_id: 'request-inside',
      redirect_uris: ['https://app.example/cb'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      request_uris: [`${internalUrl}/request.jwt`],
      jwks: { keys: [] },
      scope: 'openid',
    });
    const query = new URLSearchParams({
      client_id: 'request-inside',
      response_type: 'code',
      redirect_uri: 'https://app.example/cb',
      scope: 'openid',
      state: 'state-0123456789',
      request_uri: `${internalUrl}/request.jwt`,
    });
    const answer = await call('GET', `${server.publicUrl}/oauth2/auth?${query}`);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request_uri');
    expect(location.searchParams.get('error_description')).not.toContain('127.0.0.1');
    expect(hits.filter((hit) => hit === '/request.jwt')).toEqual([]);
  });

  it('does not deliver a logout token to an internal back-channel logout URI', async () => {
    const client = await registerClient(server.adminUrl, {
      redirect_uris: ['http://127.0.0.1:5555/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      backchannel_logout_uri: `${internalUrl}/back-channel`,
    });
    const tokens = await signInWithCode(
      server,
      new CookieBrowser(),
      client,
      { subject: 'mallory', remember: true },
      'http://127.0.0.1:5555/cb',
    );
    const idToken = String(tokens.id_token);
    const { sid } = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()) as {
      sid: string;
    };
    const ended = await call(
      'DELETE',
      `${server.adminUrl}/admin/oauth2/auth/sessions/login?sid=${encodeURIComponent(sid)}`,
    );
    expect(ended.status).toBe(204);
    // Deliveries (and their retries) run in the background: give them time to go wrong.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(hits.filter((hit) => hit === '/back-channel')).toEqual([]);
  });
});
