// What the benchmarks send: the clients, the hot-path requests (as autocannon options) and the
// complete authorization-code flow with PKCE, for Tessera and for oidc-provider.
import { createHash, randomBytes } from 'node:crypto';

const REDIRECT_URI = 'https://app.bench.example/callback';

/** One client for every scenario; Tessera hashes its secret with PBKDF2 at registration. */
export const CLIENT = {
  id: 'bench-client',
  secret: 'bench-client-secret-0123456789',
  get registration() {
    return {
      client_id: this.id,
      client_secret: this.secret,
      grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [REDIRECT_URI],
      scope: 'openid offline offline_access read write',
    };
  },
};
const BASIC = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

/** Where each server has its endpoints. */
function endpoints(server) {
  return server.kind === 'tessera'
    ? {
        token: `${server.publicUrl}/oauth2/token`,
        introspection: `${server.adminUrl}/admin/oauth2/introspect`,
        authorization: `${server.publicUrl}/oauth2/auth`,
        discovery: `${server.publicUrl}/.well-known/openid-configuration`,
        jwks: `${server.publicUrl}/.well-known/jwks.json`,
      }
    : {
        token: `${server.publicUrl}/token`,
        introspection: `${server.publicUrl}/token/introspection`,
        authorization: `${server.publicUrl}/auth`,
        discovery: `${server.publicUrl}/.well-known/openid-configuration`,
        jwks: `${server.publicUrl}/jwks`,
      };
}

/**
 * The hot-path requests for `server`. Introspection on Tessera's admin port needs no client
 * authentication (Hydra's API); oidc-provider requires it, which costs it a secret comparison.
 */
export async function hotPathRequests(server) {
  if (server.kind === 'node:http') return { baseline: { url: `${server.publicUrl}/` } };
  const at = endpoints(server);
  const token = {
    url: at.token,
    method: 'POST',
    headers: { authorization: BASIC, 'content-type': FORM },
    body: 'grant_type=client_credentials&scope=read',
  };
  // Prepared documents and key sets exist before anything is measured, as on a running server.
  for (const url of [at.discovery, at.jwks]) await (await fetch(url)).arrayBuffer();
  const issued = await (await fetch(at.token, token)).json();
  if (!issued.access_token) throw new Error(`no token from ${server.kind}`);
  const introspectionHeaders =
    server.kind === 'tessera'
      ? { 'content-type': FORM }
      : { authorization: BASIC, 'content-type': FORM };
  return {
    client_credentials: token,
    introspection: {
      url: at.introspection,
      method: 'POST',
      headers: introspectionHeaders,
      body: `token=${issued.access_token}`,
    },
    discovery: { url: at.discovery },
    jwks: { url: at.jwks },
  };
}

/** GET without following redirects, carrying and keeping cookies. */
async function visit(url, jar) {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { cookie: [...jar.values()].join('; ') },
  });
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    jar.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  await response.arrayBuffer();
  const location = response.headers.get('location');
  if (!location) throw new Error(`${url}: ${response.status} without a redirect`);
  return new URL(location, url);
}

/** What a login/consent UI does for Tessera: accept through the admin API. */
async function accept(server, kind, challenge, body) {
  const url = `${server.adminUrl}/admin/oauth2/auth/requests/${kind}/accept?${kind}_challenge=${challenge}`;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${kind} accept: ${response.status}`);
  return new URL((await response.json()).redirect_to);
}

/** Follows the browser's redirects for Tessera: login, then consent, then the callback. */
async function tesseraBrowser(server, start, jar) {
  const login = await visit(start, jar);
  const afterLogin = await accept(server, 'login', login.searchParams.get('login_challenge'), {
    subject: 'bench-user',
  });
  const consent = await visit(afterLogin, jar);
  const afterConsent = await accept(
    server,
    'consent',
    consent.searchParams.get('consent_challenge'),
    {
      grant_scope: ['openid', 'offline'],
      session: { id_token: { email: 'bench@example.com' } },
    },
  );
  return visit(afterConsent, jar);
}

/** Follows the browser's redirects for oidc-provider, whose interactions decide at once. */
async function oidcProviderBrowser(server, start, jar) {
  let at = start;
  for (let hops = 0; hops < 10 && at.origin === server.publicUrl; hops++) at = await visit(at, jar);
  return at;
}

/** POSTs a token request; throws unless it answers 200. */
export async function tokenRequest(server, form) {
  const response = await fetch(endpoints(server).token, {
    method: 'POST',
    headers: { authorization: BASIC, 'content-type': FORM },
    body: new URLSearchParams(form).toString(),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`token: ${response.status} ${body.error}`);
  return body;
}

/** One complete authorization-code flow with PKCE, state and nonce; returns the tokens. */
export async function codeFlow(server, scope = 'openid offline') {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: CLIENT.id,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: server.kind === 'tessera' ? scope : scope.replace('offline', 'offline_access'),
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    prompt: 'consent',
  });
  const start = new URL(`${endpoints(server).authorization}?${query}`);
  const browse = server.kind === 'tessera' ? tesseraBrowser : oidcProviderBrowser;
  const callback = await browse(server, start, new Map());
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback}`);
  return tokenRequest(server, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
}
