import { call } from './http';
import { basic, postForm } from './oauth';

type Json = Record<string, unknown>;

/** One answer to the browser: status, where it is sent next, and the page. */
export interface BrowserAnswer {
  readonly status: number;
  readonly location?: string;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * A browser as far as the authorization endpoint can tell: it keeps cookies (per name; these
 * tests run on one host) and does not follow redirects, so every hop can be inspected.
 */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<BrowserAnswer> {
    return this.send('GET', url);
  }

  async post(url: string, form: Record<string, string>): Promise<BrowserAnswer> {
    return this.send('POST', url, new URLSearchParams(form).toString());
  }

  private async send(method: string, url: string, body?: string): Promise<BrowserAnswer> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      location: location ? new URL(location, url).toString() : undefined,
      text: await response.text(),
      headers: response.headers,
    };
  }
}

/** The value of a query parameter of `url`. */
export function queryParam(url: string | undefined, name: string): string | null {
  return url ? new URL(url).searchParams.get(name) : null;
}

/** A parameter of the fragment of `url`. */
export function fragmentParam(url: string | undefined, name: string): string | null {
  return url ? new URLSearchParams(new URL(url).hash.slice(1)).get(name) : null;
}

/** How a test plays the login and consent UI (through the admin API, as a real UI would). */
export interface UiDecisions {
  readonly login?: Json | { readonly reject: Json };
  readonly consent?: Json | { readonly reject: Json };
}

/** Where a flow ended: the last answer, and the challenges met on the way. */
export interface FlowResult {
  readonly answer: BrowserAnswer;
  readonly loginChallenge?: string;
  readonly consentChallenge?: string;
}

async function decide(
  adminUrl: string,
  kind: 'login' | 'consent',
  challenge: string,
  decision: Json | { reject: Json },
): Promise<string> {
  const verb = 'reject' in decision ? 'reject' : 'accept';
  const body = 'reject' in decision ? (decision.reject as Json) : decision;
  const answer = await call<Json>(
    'PUT',
    `${adminUrl}/admin/oauth2/auth/requests/${kind}/${verb}?${kind}_challenge=${encodeURIComponent(challenge)}`,
    { json: body },
  );
  if (answer.status !== 200)
    throw new Error(`${kind} ${verb} failed: ${answer.status} ${answer.text}`);
  return answer.body.redirect_to as string;
}

/**
 * Runs an authorization request through login and consent: the browser visits `authorizeUrl`,
 * the "UI" accepts (or rejects) through the admin API, the browser follows `redirect_to`, until
 * the server answers with something other than a trip to a UI.
 */
export async function runFlow(
  browser: CookieBrowser,
  adminUrl: string,
  authorizeUrl: string,
  decisions: UiDecisions = {},
): Promise<FlowResult> {
  let answer = await browser.get(authorizeUrl);
  const loginChallenge = queryParam(answer.location, 'login_challenge') ?? undefined;
  if (answer.status !== 302 || !loginChallenge) return { answer };
  const login = decisions.login ?? { subject: 'alice', acr: 'urn:acr:pwd', amr: ['pwd'] };
  answer = await browser.get(await decide(adminUrl, 'login', loginChallenge, login));
  const consentChallenge = queryParam(answer.location, 'consent_challenge') ?? undefined;
  if (answer.status !== 302 || !consentChallenge) return { answer, loginChallenge };
  const requested = await call<Json>(
    'GET',
    `${adminUrl}/admin/oauth2/auth/requests/consent?consent_challenge=${encodeURIComponent(consentChallenge)}`,
  );
  const consent = decisions.consent ?? {
    grant_scope: requested.body.requested_scope,
    grant_access_token_audience: requested.body.requested_access_token_audience,
    session: { id_token: { email: 'alice@example.com' }, access_token: { tier: 'gold' } },
  };
  answer = await browser.get(await decide(adminUrl, 'consent', consentChallenge, consent));
  return { answer, loginChallenge, consentChallenge };
}

/** Where the servers of a flow listen. */
export interface FlowServer {
  readonly publicUrl: string;
  readonly adminUrl: string;
}

/**
 * A complete authorization code flow (`openid`, no PKCE) of a confidential client in `browser`:
 * the login accepted with `login`, the consent granting `openid`, the code exchanged with HTTP
 * Basic. Returns the token response.
 */
export async function signInWithCode(
  server: FlowServer,
  browser: CookieBrowser,
  client: Json,
  login: Json,
  redirectUri: string,
): Promise<Json> {
  const query = new URLSearchParams({
    client_id: client.client_id as string,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid',
    state: 'state-0123456789',
  });
  const flow = await runFlow(browser, server.adminUrl, `${server.publicUrl}/oauth2/auth?${query}`, {
    login,
    consent: { grant_scope: ['openid'] },
  });
  const answer = await postForm(
    `${server.publicUrl}/oauth2/token`,
    {
      grant_type: 'authorization_code',
      code: queryParam(flow.answer.location, 'code') as string,
      redirect_uri: redirectUri,
    },
    basic(client.client_id as string, client.client_secret as string),
  );
  return answer.body;
}

/** The authorization URL of a code request (`state` long enough) for `clientId`. */
export function codeRequestUrl(
  publicUrl: string,
  clientId: string,
  redirectUri: string,
  scope = 'openid',
): string {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state: 'state-0123456789',
  });
  return `${publicUrl}/oauth2/auth?${query}`;
}

/** An authorization code for `clientId`, alice signing in and consenting to what it asks. */
export async function obtainCode(
  server: FlowServer,
  clientId: string,
  redirectUri: string,
  scope = 'openid',
): Promise<string> {
  const flow = await runFlow(
    new CookieBrowser(),
    server.adminUrl,
    codeRequestUrl(server.publicUrl, clientId, redirectUri, scope),
  );
  return queryParam(flow.answer.location, 'code') as string;
}
