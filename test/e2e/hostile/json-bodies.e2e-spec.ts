import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { CookieBrowser, codeRequestUrl, queryParam } from '../../support/browser';
import { call, type HttpAnswer } from '../../support/http';
import { registerClient } from '../../support/oauth';

const JSON_TYPE = { 'content-type': 'application/json' };
/** Hydra's `error` for a 400 on the admin API. */
const MALFORMED = 'The request was malformed or contained invalid parameters';

/** JSON text `levels` arrays deep around `inner`. */
function nested(levels: number, inner = '1'): string {
  return `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
}

function expectRefused(answer: HttpAnswer<unknown>, context: string): void {
  expect(answer.status, context).toBe(400);
  expect((answer.body as { error?: unknown }).error, context).toBe(MALFORMED);
}

/**
 * JSON bodies that parse but cannot be stored or mapped as they are (RFC 8259 §8.2): a lone
 * UTF-16 surrogate in any string — an id written with one could never be found again, and a key
 * id with one made the whole key set unreadable — and nesting deep enough to exhaust the stack.
 * Each is refused with a 400 before anything is written; what was there keeps working.
 */
describe.each(TEST_ENGINES)('JSON bodies that cannot be stored on %s', (engine) => {
  let server: TestServer;
  const admin = () => `${server.adminUrl}/admin`;
  const send = (method: string, url: string, body: string) =>
    call(method, url, { body, headers: JSON_TYPE });

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    await registerClient(server.adminUrl, {
      client_id: 'json-client',
      redirect_uris: ['https://app.example/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
    });
  });
  afterAll(() => server?.close());

  it('refuses a lone surrogate in a client id, a key id, a subject or a member name', async () => {
    const browser = new CookieBrowser();
    const url = codeRequestUrl(server.publicUrl, 'json-client', 'https://app.example/cb');
    const login = queryParam((await browser.get(url)).location, 'login_challenge') as string;
    const cases: Array<[string, string, string]> = [
      ['POST', `${admin()}/clients`, '{"client_id":"\\ud800x"}'],
      ['POST', `${admin()}/clients`, '{"client_name":"a\\udfff"}'],
      ['POST', `${admin()}/clients`, '{"metadata":{"\\udc00":1}}'],
      [
        'POST',
        `${admin()}/keys/hydra.openid.id-token`,
        '{"alg":"RS256","use":"sig","kid":"\\ud800"}',
      ],
      [
        'PUT',
        `${admin()}/oauth2/auth/requests/login/accept?login_challenge=${login}`,
        '{"subject":"\\ud800"}',
      ],
    ];
    for (const [method, target, body] of cases) {
      expectRefused(await send(method, target, body), `${method} ${target} ${body}`);
    }
    const clients = await call<Array<{ client_id: string }>>('GET', `${admin()}/clients`);
    expect(clients.body.map((client) => client.client_id)).toEqual(['json-client']);
    expect((await call('GET', `${server.publicUrl}/.well-known/jwks.json`)).status).toBe(200);
    const accepted = await send(
      'PUT',
      `${admin()}/oauth2/auth/requests/login/accept?login_challenge=${login}`,
      '{"subject":"\\ud83d\\ude00 alice"}',
    );
    expect(accepted.status).toBe(200);
  });

  it('takes 128 levels of nesting, and refuses deeper ones when a client is created or patched', async () => {
    const fine = await send('POST', `${admin()}/clients`, `{"metadata":${nested(127)}}`);
    expect(fine.status).toBe(201);
    const id = (fine.body as { client_id: string }).client_id;
    expect((await call('GET', `${admin()}/clients/${id}`)).body).toMatchObject({
      metadata: JSON.parse(nested(127)),
    });
    for (const levels of [128, 1_500, 100_000]) {
      const body = `{"metadata":${nested(levels)}}`;
      expectRefused(await send('POST', `${admin()}/clients`, body), `${levels} levels`);
      const patch = `[{"op":"replace","path":"/metadata","value":${nested(levels)}}]`;
      expectRefused(await send('PATCH', `${admin()}/clients/${id}`, patch), `patch ${levels}`);
    }
    expect((await call('GET', `${admin()}/clients/${id}`)).status).toBe(200);
  });

  it('lets no series of patches grow a client past 1 MiB or nest it deeper than 128 levels', async () => {
    await registerClient(server.adminUrl, { client_id: 'grown' });
    const patch = (path: string, value: string) =>
      send('PATCH', `${admin()}/clients/grown`, `[{"op":"add","path":"${path}","value":${value}}]`);
    const half = JSON.stringify('x'.repeat(600_000));
    expect((await patch('/metadata', '{}')).status).toBe(200);
    expect((await patch('/metadata/a', half)).status).toBe(200);
    expectRefused(await patch('/metadata/b', half), 'a second 600 kB value');
    expect((await patch('/metadata', nested(100))).status).toBe(200);
    expectRefused(await patch(`/metadata${'/0'.repeat(100)}`, nested(100)), '200 levels');
    const stored = await call<{ metadata: unknown }>('GET', `${admin()}/clients/grown`);
    expect(stored.body.metadata).toEqual(JSON.parse(nested(100)));
  });
});
