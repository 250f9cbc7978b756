import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_ENGINES, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../../apps/public/src/public.bootstrap';
import { type BrowserAnswer, CookieBrowser, queryParam, runFlow } from '../../support/browser';
import { call } from '../../support/http';
import { MAX_AUTHORIZE_PARAMETERS_LENGTH } from '@tessera/oauth2';
import { basic, postForm, registerClient } from '../../support/oauth';

type Json = Record<string, unknown>;
type Pairs = Array<[string, string]>;

const REDIRECT = 'http://127.0.0.1:5555/cb';
/** The registered redirect URI, on any port (RFC 8252 §7.3), as a browser resolves it. */
const REGISTERED = /^http:\/\/127\.0\.0\.1(:\d+)?\/cb$/;
const STATE = 'state-0123456789';
const VERIFIER = 'verifier-0123456789-0123456789-0123456789-xyz';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const FORM = 'application/x-www-form-urlencoded';

/** Percent-encoded bytes no parameter should need: controls, NUL, invalid and overlong UTF-8. */
const HOSTILE_BYTES = ['%00', '%FF', '%0D%0A', '%09', '%1B', '%7F', '%C0%80', '%ED%A0%80'];

/** Property-based runs over the authorization parameters, bounded in number and in time. */
const RUNS = { sqlite: 150, postgres: 60 } as const;
const TIME_LIMIT_MS = 8_000;

/**
 * Hostile input at `/oauth2/auth` (RFC 6749 §3.1, §4.1.2.1, §10.15; RFC 9700 §4.1): repeated,
 * malformed, oversize and mistyped parameters are refused — on the error page while the client
 * and its redirect URI are unverified, at the redirect URI after that — and never answered with
 * a 5xx, nor sent anywhere but to a registered redirect URI.
 */
describe.each(TEST_ENGINES)('hostile input at the authorization endpoint on %s', (engine) => {
  let server: TestServer;
  let client: Json;
  let otherId: string;
  let errorUrl: string;
  let loginUrl: string;

  beforeAll(async () => {
    server = await createTestServer(
      { public: createPublicApp, admin: createAdminApp },
      { engine, issuerIsPublicUrl: true },
    );
    errorUrl = server.runtime.config.urls.error;
    loginUrl = server.runtime.config.urls.login;
    const registration = {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid offline',
    };
    client = await registerClient(server.adminUrl, registration);
    otherId = (await registerClient(server.adminUrl, registration)).client_id as string;
  });
  afterAll(() => server?.close());

  const clientId = () => client.client_id as string;
  const endpoint = () => `${server.publicUrl}/oauth2/auth`;

  /** A valid code request with PKCE; `changes` replace (or, as `''`, remove) its parameters. */
  function request(changes: Record<string, string> = {}): Pairs {
    const params = {
      client_id: clientId(),
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: STATE,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      ...changes,
    };
    return Object.entries(params).filter(([, value]) => value !== '');
  }

  const encode = (pairs: Pairs) => new URLSearchParams(pairs).toString();

  /** A request sent as is, without cookies or redirects. */
  async function send(
    method: 'GET' | 'POST',
    query: string,
    body?: { readonly text: string; readonly type?: string; readonly headers?: Json },
  ): Promise<BrowserAnswer> {
    const url = query === '' ? endpoint() : `${endpoint()}?${query}`;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      body: body?.text,
      headers: {
        ...(body?.type ? { 'content-type': body.type } : {}),
        ...(body?.headers as Record<string, string> | undefined),
      },
    });
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      location: location ? new URL(location, url).toString() : undefined,
      text: await response.text(),
      headers: response.headers,
    };
  }

  /**
   * Where the browser was sent: `login` (the login UI, with a challenge), `error page: <error>`,
   * `client: <error>` (the registered redirect URI, on any loopback port, error in the query or
   * the fragment), or — what must never happen — elsewhere.
   */
  function destination(answer: BrowserAnswer): string {
    const { status, location } = answer;
    if (status >= 500 || !location) return `status ${status}`;
    const target = new URL(location);
    const page = `${target.origin}${target.pathname}`;
    if (page === loginUrl && target.searchParams.has('login_challenge')) return 'login';
    if (page === errorUrl) return `error page: ${target.searchParams.get('error')}`;
    if (REGISTERED.test(page)) {
      const params = target.hash ? new URLSearchParams(target.hash.slice(1)) : target.searchParams;
      return `client: ${params.get('error')}`;
    }
    return `elsewhere: ${location}`;
  }

  /** A 4xx whose JSON body carries an `error` string. */
  function expectJsonError(answer: BrowserAnswer, status: number, context: string): void {
    expect(answer.status, context).toBe(status);
    expect(answer.headers.get('content-type'), context).toMatch(/^application\/json/);
    expect(typeof (JSON.parse(answer.text) as Json).error, context).toBe('string');
  }

  it('refuses a parameter given twice in the query, with the same or another value, on the error page', async () => {
    const cases: Array<[string, Pairs]> = [
      ['client_id', [['client_id', clientId()]]],
      ['client_id', [['client_id', otherId]]],
      ['response_type', [['response_type', 'code']]],
      ['response_type', [['response_type', 'token']]],
      ['redirect_uri', [['redirect_uri', REDIRECT]]],
      ['redirect_uri', [['redirect_uri', 'http://127.0.0.1:6666/cb']]],
      ['state', [['state', STATE]]],
      ['state', [['state', 'another-state-0123']]],
      ['scope', [['scope', 'offline']]],
      ['code_challenge', [['code_challenge', CHALLENGE]]],
      ['code_challenge_method', [['code_challenge_method', 'plain']]],
      [
        'response_mode',
        [
          ['response_mode', 'query'],
          ['response_mode', 'fragment'],
        ],
      ],
      [
        'prompt',
        [
          ['prompt', 'login'],
          ['prompt', 'none'],
        ],
      ],
      [
        'login_verifier',
        [
          ['login_verifier', 'a'],
          ['login_verifier', 'b'],
        ],
      ],
      [
        'consent_verifier',
        [
          ['consent_verifier', 'a'],
          ['consent_verifier', 'a'],
        ],
      ],
    ];
    for (const [name, extra] of cases) {
      const context = `${name} again: ${JSON.stringify(extra)}`;
      const answer = await send('GET', encode([...request(), ...extra]));
      expect(answer.status, context).toBe(302);
      expect(destination(answer), context).toBe('error page: invalid_request');
    }
  });

  it('refuses a parameter of the query given again in the POST form, and one given twice in the form', async () => {
    const form = (pairs: Pairs) => ({ text: encode(pairs), type: FORM });
    const cases: Array<[string, string, Pairs]> = [
      ['another client in the query', encode([['client_id', otherId]]), request()],
      ['the same state in the query', encode([['state', STATE]]), request()],
      [
        'another redirect URI in the query',
        encode([['redirect_uri', 'http://127.0.0.1:6666/cb']]),
        request(),
      ],
      ['redirect_uri twice in the form', '', [...request(), ['redirect_uri', REDIRECT]]],
      ['client_id twice in the form', '', [...request(), ['client_id', otherId]]],
      [
        'a verifier in the query and the form',
        encode([['login_verifier', 'x']]),
        [...request(), ['login_verifier', 'y']],
      ],
    ];
    for (const [context, query, body] of cases) {
      expect(destination(await send('POST', query, form(body))), context).toBe(
        'error page: invalid_request',
      );
    }
    // The same request, each parameter once, is fine.
    expect(destination(await send('POST', '', form(request())))).toBe('login');
  });

  it('answers a control character or invalid UTF-8 inside any parameter without a 5xx, refusing those that name the client, its redirect URI or what to do', async () => {
    // What each parameter's hostile value leads to. Opaque values (state, hints, locales, …) are
    // the client's business: they travel on to the login UI.
    const expected: Record<string, RegExp> = {
      client_id: /^error page: invalid_client$/,
      redirect_uri: /^error page: invalid_request$/,
      response_mode: /^error page: unsupported_response_mode$/,
      request: /^error page: invalid_request(_object)?$/,
      request_uri: /^error page: (invalid_request(_uri)?|request_uri_not_supported)$/,
      response_type: /^client: unsupported_response_type$/,
      scope: /^client: invalid_scope$/,
      prompt: /^client: invalid_request$/,
      max_age: /^client: invalid_request$/,
      code_challenge: /^client: invalid_request$/,
      code_challenge_method: /^client: invalid_request$/,
      audience: /^client: invalid_request$/,
      id_token_hint: /^client: invalid_request$/,
      registration: /^client: registration_not_supported$/,
      login_verifier: /^client: access_denied$/,
      consent_verifier: /^client: access_denied$/,
      state: /^login$/,
      nonce: /^login$/,
      login_hint: /^login$/,
      ui_locales: /^login$/,
      acr_values: /^login$/,
      display: /^login$/,
      claims: /^login$/,
      identity_schema: /^login$/,
    };
    const valid = new Map(request());
    for (const [name, outcome] of Object.entries(expected)) {
      const value = valid.get(name) ?? 'opaque-0123456789';
      const others = encode(request({ [name]: '' }));
      for (const bytes of HOSTILE_BYTES) {
        const hostile = `${encodeURIComponent(value.slice(0, 1))}${bytes}${encodeURIComponent(value.slice(1))}`;
        const answer = await send('GET', `${others}&${name}=${hostile}`);
        expect(destination(answer), `${name}=${hostile}`).toMatch(outcome);
      }
    }
  });

  it('carries opaque parameters with control characters and invalid UTF-8 through login and consent to tokens', async () => {
    const opaque = {
      state: 'st%00ate%FF%0D%0A-0123456789',
      nonce: 'no%00nce%C0%80-0123456789',
      login_hint: 'al%00ice%FF',
      ui_locales: 'de%0A%1Ben',
      acr_values: 'urn%00acr%ED%A0%80',
    };
    const raw = Object.entries(opaque)
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const decoded = new URLSearchParams(raw);
    const url = `${endpoint()}?${encode(request({ state: '' }))}&${raw}`;

    const started = await new CookieBrowser().get(url);
    const login = await call<Json>(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${queryParam(started.location, 'login_challenge')}`,
    );
    expect(login.status).toBe(200);
    expect(login.body.oidc_context).toMatchObject({
      login_hint: decoded.get('login_hint'),
      ui_locales: (decoded.get('ui_locales') as string).split(' '),
      acr_values: [decoded.get('acr_values')],
    });

    const flow = await runFlow(new CookieBrowser(), server.adminUrl, url);
    expect(destination(flow.answer)).toBe('client: null');
    expect(queryParam(flow.answer.location, 'state')).toBe(decoded.get('state'));
    const tokens = await postForm(
      `${server.publicUrl}/oauth2/token`,
      {
        grant_type: 'authorization_code',
        code: queryParam(flow.answer.location, 'code') as string,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      },
      basic(clientId(), client.client_secret as string),
    );
    expect(tokens.status).toBe(200);
    const idToken = tokens.body.id_token as string;
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()) as Json;
    expect(claims.nonce).toBe(decoded.get('nonce'));
  });

  it('refuses an oversize request: a 100 kB scope or state, a 70 kB URL, a 300 kB form, 300 form fields', async () => {
    const form = (pairs: Pairs) => ({ text: encode(pairs), type: FORM });
    const hugeScope = await send(
      'POST',
      '',
      form(request({ scope: `openid ${'x '.repeat(50_000)}` })),
    );
    expect(destination(hugeScope)).toBe('error page: invalid_request');
    const hugeState = await send(
      'POST',
      '',
      form(request({ state: randomBytes(75_000).toString('base64url') })),
    );
    expect(destination(hugeState)).toBe('error page: invalid_request');
    // Nothing of it is echoed.
    expect(hugeState.location?.length).toBeLessThan(2_000);

    const longUrl = await send('GET', encode(request({ state: 's'.repeat(70_000) })));
    expectJsonError(longUrl, 431, 'a 70 kB URL');

    const overBound = await send('GET', encode(request({ state: 's'.repeat(9_000) })));
    expect(destination(overBound)).toBe('error page: invalid_request');
    const underBound = await send('GET', encode(request({ state: 's'.repeat(4_000) })));
    expect(destination(underBound)).toBe('login');

    const bigForm = await send('POST', '', form(request({ state: 's'.repeat(300 * 1024) })));
    expectJsonError(bigForm, 413, 'a 300 kB form');
    const fields: Pairs = Array.from({ length: 300 }, (_, i) => [`extra${i}`, 'x']);
    expectJsonError(await send('POST', '', form([...request(), ...fields])), 413, '300 fields');
  });

  it('completes a flow whose request is just under the bound, with values that do not compress', async () => {
    const others = encode(request({ state: '' })).length + '&state='.length;
    // base64url text survives URL encoding unchanged and deflates poorly: the worst case.
    const state = randomBytes(MAX_AUTHORIZE_PARAMETERS_LENGTH).toString('base64url');
    const url = `${endpoint()}?${encode(request({ state: state.slice(0, MAX_AUTHORIZE_PARAMETERS_LENGTH - others) }))}`;
    const flow = await runFlow(new CookieBrowser(), server.adminUrl, url, {
      login: { subject: 'alice', context: { note: 'x'.repeat(200) } },
    });
    expect(flow.answer.status, flow.answer.text.slice(0, 200)).toBe(303);
    expect(queryParam(flow.answer.location, 'code')).toMatch(/^ory_ac_/);
  });

  it('reads only form bodies on POST: JSON and other content types are refused or ignored, never a 5xx', async () => {
    const asJson = JSON.stringify(Object.fromEntries(request()));
    // A JSON body is no source of parameters: without a query, there is no client.
    const jsonOnly = await send('POST', '', { text: asJson, type: 'application/json' });
    expect(destination(jsonOnly)).toBe('error page: invalid_client');

    const ignored = await send('POST', encode(request()), {
      text: JSON.stringify({ client_id: otherId, redirect_uri: 'https://evil.example/cb' }),
      type: 'application/json',
    });
    expect(destination(ignored)).toBe('login');
    const started = await call<Json>(
      'GET',
      `${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${queryParam(ignored.location, 'login_challenge')}`,
    );
    expect(started.body.client).toMatchObject({ client_id: clientId() });
    expect(started.body.request_url).not.toContain('evil.example');

    const refused: Array<[string, { text: string; type: string; headers?: Json }, number]> = [
      ['broken JSON', { text: '{"client_id":', type: 'application/json' }, 400],
      ['a form sent as text/plain', { text: encode(request()), type: 'text/plain' }, 400],
      ['XML', { text: '<auth client_id="x"/>', type: 'application/xml' }, 400],
      ['a form in latin1', { text: encode(request()), type: `${FORM}; charset=latin1` }, 415],
      ['a form in UTF-16', { text: encode(request()), type: `${FORM}; charset=utf-16` }, 415],
      [
        'a form that claims to be gzip',
        { text: encode(request()), type: FORM, headers: { 'content-encoding': 'gzip' } },
        400,
      ],
    ];
    for (const [context, body, status] of refused)
      expectJsonError(await send('POST', '', body), status, context);

    const boundary = 'tessera-boundary';
    const multipart = request()
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('');
    const parts = await send('POST', '', {
      text: `${multipart}--${boundary}--\r\n`,
      type: `multipart/form-data; boundary=${boundary}`,
    });
    expect(destination(parts)).toBe('error page: invalid_client');
  });

  it('never sends the browser to an unregistered redirect URI: script and data URIs, fragments, user info, another spelling of the registered one', async () => {
    const unregistered = [
      'javascript:alert(1)',
      'javascript://127.0.0.1:5555/cb%0Aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      `${REDIRECT}#fragment`,
      `${REDIRECT}#`,
      'http://user@127.0.0.1:5555/cb',
      'http://user:password@127.0.0.1:6666/cb',
      'http://127.0.0.1:5555@evil.example/cb',
      'https://evil.example/cb',
      '//evil.example/cb',
      '/cb',
      'HTTP://127.0.0.1:5555/cb',
      'http:/127.0.0.1:6666/cb',
      'http://127.1:6666/cb',
      'http://0x7f.0.0.1:6666/cb',
      'http://127.0.0.1:6666/x/../cb',
      'http://127.0.0.1:6666\\cb',
      'http://127.0.0.1:6666/c\tb',
      'http://127.0.0.1:5555/c\nb',
      'http://127.0.0.1:5555/cb\0',
      `${REDIRECT}?`,
      `${REDIRECT}/`,
    ];
    for (const redirectUri of unregistered) {
      const variants: Array<Record<string, string>> = [
        {},
        { state: 'short' },
        { response_mode: 'form_post' },
      ];
      for (const changes of variants) {
        const context = `${JSON.stringify(redirectUri)} ${JSON.stringify(changes)}`;
        const answer = await send(
          'GET',
          encode(request({ ...changes, redirect_uri: redirectUri })),
        );
        expect(answer.status, context).toBe(302);
        expect(destination(answer), context).toBe('error page: invalid_request');
        expect(answer.text, context).not.toContain('action=');
      }
    }
  });

  it('registers no script, data or fragment URI as a redirect, post-logout or front-channel logout URI, nor patches one in', async () => {
    const clients = `${server.adminUrl}/admin/clients`;
    const base = { redirect_uris: [REDIRECT] };
    const cases: Array<[string, Json, string]> = [
      [
        'a javascript: post-logout URI',
        { ...base, post_logout_redirect_uris: ['javascript:alert(1)'] },
        'invalid_client_metadata',
      ],
      [
        'a data: post-logout URI',
        { ...base, post_logout_redirect_uris: ['data:text/html,hi'] },
        'invalid_client_metadata',
      ],
      [
        'a post-logout URI with a fragment',
        { ...base, post_logout_redirect_uris: [`${REDIRECT}#x`] },
        'invalid_client_metadata',
      ],
      [
        'a javascript: front-channel logout URI',
        { ...base, frontchannel_logout_uri: 'javascript:alert(1)' },
        'invalid_client_metadata',
      ],
      [
        'a data: back-channel logout URI',
        { ...base, backchannel_logout_uri: 'data:text/html,hi' },
        'invalid_client_metadata',
      ],
      [
        'a vbscript: redirect URI',
        { redirect_uris: ['vbscript:msgbox(1)'] },
        'invalid_redirect_uri',
      ],
    ];
    for (const [context, json, error] of cases) {
      const answer = await call<Json>('POST', clients, { json });
      expect(answer.status, context).toBe(400);
      expect(answer.body.error, context).toBe(error);
    }
    for (const uri of ['javascript:alert(1)', 'data:text/html,hi', `${REDIRECT}#x`]) {
      const patched = await call<Json>('PATCH', `${clients}/${clientId()}`, {
        json: [{ op: 'add', path: '/redirect_uris/-', value: uri }],
      });
      expect(patched.status, uri).toBe(400);
      expect(patched.body.error, uri).toBe('invalid_redirect_uri');
    }
    const kept = await call<Json>('GET', `${clients}/${clientId()}`);
    expect(kept.body.redirect_uris).toEqual([REDIRECT]);
  });

  it('refuses forged, truncated and garbage verifiers, and verifiers of another kind or client, at the redirect URI', async () => {
    const browser = new CookieBrowser();
    const start = await browser.get(`${endpoint()}?${encode(request())}`);
    const loginChallenge = queryParam(start.location, 'login_challenge') as string;
    const accepted = await call<Json>(
      'PUT',
      `${server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${loginChallenge}`,
      { json: { subject: 'alice' } },
    );
    const loginVerifier = queryParam(
      accepted.body.redirect_to as string,
      'login_verifier',
    ) as string;
    const forged: Array<[string, string, string]> = [
      ['login_verifier', loginVerifier.slice(0, -1), 'access_denied'],
      ['login_verifier', loginVerifier.slice(0, -16), 'access_denied'],
      [
        'login_verifier',
        // Always a different character: the verifier is random and may hold an `A` there.
        `${loginVerifier.slice(0, 30)}${loginVerifier[30] === 'A' ? 'B' : 'A'}${loginVerifier.slice(31)}`,
        'access_denied',
      ],
      ['login_verifier', `${loginVerifier}=`, 'access_denied'],
      ['login_verifier', 'garbage', 'access_denied'],
      ['login_verifier', 'A'.repeat(4_000), 'access_denied'],
      ['login_verifier', loginChallenge, 'access_denied'],
      ['consent_verifier', loginVerifier, 'access_denied'],
      ['consent_verifier', loginChallenge, 'access_denied'],
      ['consent_verifier', '%%%', 'access_denied'],
    ];
    for (const [name, value, error] of forged) {
      const answer = await browser.get(`${endpoint()}?${encode([...request(), [name, value]])}`);
      const context = `${name}=${value.slice(0, 40)}`;
      expect(answer.status, context).toBe(303);
      expect(destination(answer), context).toBe(`client: ${error}`);
      expect(queryParam(answer.location, 'state'), context).toBe(STATE);
    }
    // A verifier of this client is no verifier for another one.
    const elsewhere = await browser.get(
      `${endpoint()}?${encode([...request({ client_id: otherId }), ['login_verifier', loginVerifier]])}`,
    );
    expect(destination(elsewhere)).toBe('client: invalid_client');
    // The genuine verifier, untouched by all this, still works once.
    const genuine = await browser.get(accepted.body.redirect_to as string);
    expect(genuine.location).toMatch(/consent_challenge=/);
  });

  it('answers any values of the authorization parameters without a 5xx, sending the browser only to the login UI, the error page or the registered redirect URI', async () => {
    const names = [
      'client_id',
      'response_type',
      'redirect_uri',
      'scope',
      'state',
      'nonce',
      'prompt',
      'max_age',
      'response_mode',
      'code_challenge',
      'code_challenge_method',
      'audience',
      'login_hint',
      'id_token_hint',
      'request',
      'login_verifier',
      'consent_verifier',
    ];
    const rawBytes = fc
      .uint8Array({ maxLength: 24 })
      .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
    const text = fc.oneof(
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.string({ unit: 'binary', maxLength: 24 }).map(encodeURIComponent),
      rawBytes,
      fc
        .constantFrom(
          'code',
          'token',
          'id_token',
          'openid offline',
          REDIRECT,
          'http://127.0.0.1:6666/cb',
          'javascript:alert(1)',
          'form_post',
          'fragment',
          'none',
          'login',
          'S256',
          STATE,
          '',
        )
        .map(encodeURIComponent),
    );
    const overrides = fc.dictionary(fc.constantFrom(...names), fc.array(text, { maxLength: 2 }), {
      maxKeys: 5,
    });
    await fc.assert(
      fc.asyncProperty(overrides, fc.boolean(), async (changes, viaPost) => {
        const kept = request().filter(([name]) => !(name in changes));
        const query = [
          encode(kept),
          ...Object.entries(changes).flatMap(([name, values]) =>
            values.map((value) => `${name}=${value}`),
          ),
        ].join('&');
        const answer = viaPost
          ? await send('POST', '', { text: query, type: FORM })
          : await send('GET', query);
        const context = `${viaPost ? 'POST' : 'GET'} ${query.slice(0, 300)}`;
        expect(answer.status, context).toBeLessThan(500);
        if (answer.status === 200) {
          expect(/action="([^"]*)"/.exec(answer.text)?.[1], context).toMatch(REGISTERED);
        } else if (answer.status >= 300 && answer.status < 400) {
          expect(destination(answer), context).toMatch(/^(login|error page: .+|client: .+)$/);
        } else {
          expect(typeof (JSON.parse(answer.text) as Json).error, context).toBe('string');
        }
      }),
      { numRuns: RUNS[engine], interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
  });
});
