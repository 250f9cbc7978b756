import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, queryParam, runFlow } from '../../support/browser';
import {
  basic,
  clientCredentialsToken,
  introspect,
  postForm,
  registerClient,
} from '../../support/oauth';

const REDIRECT = 'http://127.0.0.1:5555/cb';

/** What the hook receives (hydra-compat §4.8). */
interface HookBody {
  readonly request: Record<string, unknown> & {
    readonly payload: Record<string, unknown>;
    readonly grant_types: string[];
  };
  readonly session: Record<string, unknown>;
}

interface HookCall {
  readonly headers: IncomingMessage['headers'];
  readonly body: HookBody;
}

describe.each(TEST_ENGINES)('the token hook on %s', (engine) => {
  let hook: Server;
  let server: TestServer;
  let calls: HookCall[] = [];
  let reply: { status: number; body?: unknown } = { status: 204 };
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    hook = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        calls.push({ headers: request.headers, body: JSON.parse(text) as HookBody });
        response.writeHead(reply.status, { 'content-type': 'application/json' });
        response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      {
        engine,
        issuerIsPublicUrl: true,
        env: {
          OAUTH2_TOKEN_HOOK: JSON.stringify({
            url: hookUrl,
            auth: {
              type: 'api_key',
              config: { in: 'header', name: 'X-Hook-Key', value: 'hook-secret' },
            },
          }),
          OAUTH2_GRANT_REFRESH_TOKEN_ROTATION_GRACE_PERIOD: '1m',
        },
      },
    );
    const client = await registerClient(server.adminUrl, {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      scope: 'openid offline read',
    });
    clientId = client.client_id as string;
    secret = client.client_secret as string;
  });
  afterAll(async () => {
    await server?.close();
    hook?.close();
  });

  async function tokensForAlice(): Promise<Record<string, unknown>> {
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline',
      state: 'state-0123456789',
    });
    const flow = await runFlow(
      new CookieBrowser(),
      server.adminUrl,
      `${server.publicUrl}/oauth2/auth?${query}`,
    );
    const code = queryParam(flow.answer.location, 'code') as string;
    return (
      await postForm(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
        basic(clientId, secret),
      )
    ).body;
  }

  it('is told about a code exchange, with its api key, and its claims replace those of the consent', async () => {
    calls = [];
    reply = {
      status: 200,
      body: { session: { access_token: { hooked: true }, id_token: { team: 'blue' } } },
    };
    const tokens = await tokensForAlice();
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['x-hook-key']).toBe('hook-secret');
    expect(calls[0].body.request).toMatchObject({
      client_id: clientId,
      granted_scopes: ['openid', 'offline'],
      grant_types: ['authorization_code'],
      payload: { grant_type: 'authorization_code', redirect_uri: REDIRECT },
    });
    expect(calls[0].body.request.payload).not.toHaveProperty('code');
    expect(calls[0].body.session).toMatchObject({ extra: { tier: 'gold' }, client_id: clientId });
    expect(decodeJwt(tokens.id_token as string)).toMatchObject({ team: 'blue', sub: 'alice' });
    expect(decodeJwt(tokens.id_token as string)).not.toHaveProperty('email');
    expect((await introspect(server.adminUrl, tokens.access_token as string)).body.ext).toEqual({
      hooked: true,
    });
  });

  it('keeps the claims on 204, refuses on 403 (access_denied) and fails on anything else', async () => {
    reply = { status: 204 };
    const kept = await clientCredentialsToken(server.publicUrl, clientId, secret, {
      scope: 'read',
    });
    expect(kept.status).toBe(200);
    expect(calls.at(-1)?.body.request.grant_types).toEqual(['client_credentials']);
    reply = { status: 403 };
    const denied = await clientCredentialsToken(server.publicUrl, clientId, secret);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('access_denied');
    reply = { status: 418 };
    const broken = await clientCredentialsToken(server.publicUrl, clientId, secret);
    expect(broken.status).toBe(500);
    expect(broken.body.error).toBe('server_error');
  });

  it('lets a used refresh token work again within the grace period, ending only its own access token', async () => {
    reply = { status: 204 };
    const tokens = await tokensForAlice();
    const refresh = () =>
      postForm(
        `${server.publicUrl}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        basic(clientId, secret),
      );
    const first = await refresh();
    expect(first.status).toBe(200);
    expect(calls.at(-1)?.body.request.grant_types).toEqual(['refresh_token']);
    const second = await refresh();
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await introspect(server.adminUrl, first.body.access_token as string)).body.active).toBe(
      true,
    );
    expect((await introspect(server.adminUrl, tokens.access_token as string)).body).toEqual({
      active: false,
    });
  });
});
