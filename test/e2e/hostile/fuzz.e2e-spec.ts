import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { call, type HttpAnswer } from '../../support/http';
import { CookieBrowser, codeRequestUrl, queryParam } from '../../support/browser';
import { basic, registerClient } from '../../support/oauth';

/**
 * Property-based hostile input (fast-check): whatever a client sends to the token, introspection
 * and revocation endpoints or any admin route that takes a body, the answer is a 2xx or a 4xx
 * JSON error — never a 5xx. Bounded in runs and in time so the suite stays fast.
 */
const RUNS = { sqlite: 120, postgres: 40 } as const;
const TIME_LIMIT_MS = 12_000;

const FORM_KEYS = [
  'grant_type',
  'client_id',
  'client_secret',
  'scope',
  'audience',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'client_assertion',
  'client_assertion_type',
  'token',
  'token_type_hint',
  'username',
  'password',
];
const GRANTS = [
  'client_credentials',
  'authorization_code',
  'refresh_token',
  'password',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
];

const text = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.string({ unit: 'binary', maxLength: 32 }),
  fc.constantFrom(...GRANTS, 'fuzz-client', 'fuzz-secret', 'read', 'openid offline', ''),
  fc.string({ minLength: 2000, maxLength: 5000 }),
);
/** Admin JSON strings: `text`, and lone UTF-16 surrogates (JSON carries them as escapes). */
const jsonText = fc.oneof(text, fc.constantFrom('\ud800', 'a\udfffb', '\udc00\ud800'));
const formValue = fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 }));
const form = fc.dictionary(
  fc.oneof(fc.constantFrom(...FORM_KEYS), fc.string({ maxLength: 12 })),
  formValue,
  {
    maxKeys: 8,
  },
);
const authorization = fc.option(
  fc.oneof(
    fc.constant(basic('fuzz-client', 'fuzz-secret')),
    fc.tuple(text, text).map(([id, secret]) => basic(id, secret)),
    fc.string({ maxLength: 80 }).map((value) => `Basic ${value}`),
    fc.string({ maxLength: 80 }),
  ),
  { nil: undefined },
);
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
);

function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

/** A 2xx, or a 4xx whose JSON body carries an `error` string. */
function expectHandled(answer: HttpAnswer<unknown>, request: unknown): void {
  const context = JSON.stringify(request).slice(0, 400);
  expect(answer.status, context).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(typeof (answer.body as { error?: unknown })?.error, context).toBe('string');
  }
}

describe.each(TEST_ENGINES)('hostile input on %s', (engine) => {
  let server: TestServer;
  const settings = () => ({ numRuns: RUNS[engine], interruptAfterTimeLimit: TIME_LIMIT_MS });

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    await registerClient(server.adminUrl, {
      client_id: 'fuzz-client',
      client_secret: 'fuzz-secret',
      grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['https://app.example/cb'],
      scope: 'read openid offline',
    });
  });
  afterAll(() => server?.close());

  it('answers every form sent to the token, introspection and revocation endpoints', async () => {
    const endpoints = fc.constantFrom(
      () => `${server.publicUrl}/oauth2/token`,
      () => `${server.publicUrl}/oauth2/revoke`,
      () => `${server.adminUrl}/admin/oauth2/introspect`,
    );
    await fc.assert(
      fc.asyncProperty(
        endpoints,
        form,
        authorization,
        contentType,
        async (url, fields, auth, type) => {
          const headers: Record<string, string> = { 'content-type': type };
          if (auth !== undefined) headers.authorization = auth;
          const answer = await call('POST', url(), { body: encode(fields), headers });
          expectHandled(answer, { url: url(), fields, auth, type });
        },
      ),
      settings(),
    );
  });

  it('answers raw bytes of any kind as a form body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), contentType, async (bytes, type) => {
        const response = await fetch(`${server.publicUrl}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': type, authorization: basic('fuzz-client', 'fuzz-secret') },
          body: bytes,
        });
        const body = await response.text();
        let decoded: unknown = body;
        try {
          decoded = JSON.parse(body);
        } catch {
          // checked below
        }
        expectHandled(
          { status: response.status, headers: response.headers, body: decoded, text: body },
          [...bytes],
        );
      }),
      settings(),
    );
  });

  it('answers any JSON sent as a client to create, and keeps what it accepts readable', async () => {
    const clientFields = fc.dictionary(
      fc.constantFrom(
        'client_id',
        'client_name',
        'client_secret',
        'redirect_uris',
        'grant_types',
        'response_types',
        'scope',
        'audience',
        'token_endpoint_auth_method',
        'jwks',
        'jwks_uri',
        'contacts',
        'metadata',
        'skip_consent',
        'access_token_strategy',
        'authorization_code_grant_access_token_lifespan',
        'client_credentials_grant_access_token_lifespan',
        'post_logout_redirect_uris',
        'subject_type',
        'sector_identifier_uri',
      ),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), jsonText, fc.array(jsonText, { maxLength: 3 })),
      { maxKeys: 6 },
    );
    const body = fc.oneof(clientFields, fc.jsonValue({ maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const created = await call('POST', `${server.adminUrl}/admin/clients`, { json });
        expectHandled(created, json);
        if (created.status !== 201) return;
        const id = encodeURIComponent(String((created.body as { client_id: string }).client_id));
        expect((await call('GET', `${server.adminUrl}/admin/clients/${id}`)).status).toBe(200);
        const replaced = await call('PUT', `${server.adminUrl}/admin/clients/${id}`, { json });
        expectHandled(replaced, json);
        expect((await call('DELETE', `${server.adminUrl}/admin/clients/${id}`)).status).toBe(204);
      }),
      settings(),
    );
  });

  it('answers NUL and invalid UTF-8 in every admin path and query without a 5xx', async () => {
    const admin = `${server.adminUrl}/admin`;
    const requests: Array<[string, string]> = [];
    for (const bad of ['%00', 'a%00b', '%FF', '%C0%80']) {
      requests.push(
        ['GET', `${admin}/clients/${bad}`],
        ['GET', `${admin}/clients?client_name=${bad}&owner=${bad}`],
        ['GET', `${admin}/keys/${bad}`],
        ['GET', `${admin}/keys/set/${bad}`],
        ['GET', `${admin}/oauth2/auth/sessions/consent?subject=${bad}`],
        ['GET', `${admin}/oauth2/auth/sessions/consent?subject=a&login_session_id=${bad}`],
        ['GET', `${admin}/oauth2/auth/requests/login?login_challenge=${bad}`],
        ['DELETE', `${admin}/clients/${bad}`],
        ['DELETE', `${admin}/keys/${bad}`],
        ['DELETE', `${admin}/oauth2/auth/sessions/login?subject=${bad}`],
        ['DELETE', `${admin}/oauth2/auth/sessions/login?sid=${bad}`],
        ['DELETE', `${admin}/oauth2/auth/sessions/consent?subject=${bad}&client=${bad}`],
        ['DELETE', `${admin}/oauth2/tokens?client_id=${bad}`],
      );
    }
    for (const [method, url] of requests) expectHandled(await call(method, url), { method, url });
  });

  /** A live login challenge, and the consent challenge its acceptance leads to. */
  async function liveChallenges(): Promise<{ login: string; consent: string }> {
    const browser = new CookieBrowser();
    const url = codeRequestUrl(server.publicUrl, 'fuzz-client', 'https://app.example/cb');
    const login = queryParam((await browser.get(url)).location, 'login_challenge') as string;
    const accepted = await call<{ redirect_to: string }>(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${login}`,
      { json: { subject: 'fuzzer' } },
    );
    const next = await browser.get(accepted.body.redirect_to);
    return { login, consent: queryParam(next.location, 'consent_challenge') as string };
  }

  it('answers any JSON sent to every other admin route that takes a body', async () => {
    await registerClient(server.adminUrl, { client_id: 'fuzz-patched' });
    const { login, consent } = await liveChallenges();
    const flow = `${server.adminUrl}/admin/oauth2/auth/requests`;
    const routes: Array<[string, string]> = [
      ['PATCH', `${server.adminUrl}/admin/clients/fuzz-patched`],
      ['PUT', `${server.adminUrl}/admin/clients/fuzz-patched/lifespans`],
      ['PUT', `${flow}/login/accept?login_challenge=${login}`],
      ['PUT', `${flow}/login/reject?login_challenge=${login}`],
      ['PUT', `${flow}/consent/accept?consent_challenge=${consent}`],
      ['PUT', `${flow}/consent/reject?consent_challenge=${consent}`],
      ['PUT', `${flow}/logout/reject?logout_challenge=not-a-challenge`],
      ['POST', `${server.adminUrl}/admin/keys/fuzz-set`],
      ['PUT', `${server.adminUrl}/admin/keys/fuzz-set`],
      ['PUT', `${server.adminUrl}/admin/keys/fuzz-set/fuzz-kid`],
    ];
    const fields = fc.dictionary(
      fc.constantFrom(
        ...['subject', 'remember', 'remember_for', 'acr', 'amr', 'context', 'grant_scope'],
        ...['grant_access_token_audience', 'session', 'error', 'error_description', 'alg'],
        ...['use', 'kid', 'kty', 'keys', 'op', 'path', 'value', 'n', 'e', 'crv', 'x', 'y', 'd'],
        ...['authorization_code_grant_access_token_lifespan', 'force_subject_identifier'],
      ),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), jsonText, fc.array(jsonText, { maxLength: 3 })),
      { maxKeys: 6 },
    );
    const body = fc.oneof(
      fields,
      fc.array(fields, { maxLength: 3 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const statuses = new Map<string, Set<number>>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, url], json) => {
        const answer = await call(method, url, { json });
        expectHandled(answer, { method, url, json });
        statuses.set(url, (statuses.get(url) ?? new Set()).add(answer.status));
      }),
      settings(),
    );
    // The routes are real: a body was validated, not a 404 for a mistyped path.
    const seen = [...statuses.values()].flatMap((set) => [...set]);
    expect(seen.some((status) => status === 400)).toBe(true);
    expect(seen.some((status) => status >= 200 && status < 300)).toBe(true);
  });
});
