#!/usr/bin/env node
// oidc-provider configured like the Tessera benchmark: the in-memory adapter, opaque access
// tokens, client_credentials and introspection, an RS256 signing key, and an authorization-code
// flow whose login and consent are decided at once (the part a login/consent UI plays for
// Tessera). Client secrets are compared in plaintext, the provider's own way: the fastest
// configuration it has. Listens on 127.0.0.1:$PORT.
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const PORT = Number(process.env.PORT ?? 14447);
const ISSUER = `http://127.0.0.1:${PORT}`;
const clients = JSON.parse(process.env.BENCH_CLIENTS ?? '[]');

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'bench',
  alg: 'RS256',
  use: 'sig',
};

const provider = new Provider(ISSUER, {
  clients,
  jwks: { keys: [signingKey] },
  scopes: ['openid', 'offline_access', 'read', 'write'],
  claims: { openid: ['sub'], email: ['email'] },
  features: {
    clientCredentials: { enabled: true },
    // Any authenticated client may introspect, as on Tessera's admin port.
    introspection: { enabled: true, allowedPolicy: () => true },
    devInteractions: { enabled: false },
  },
  pkce: { required: () => true },
  findAccount: (ctx, accountId) => ({
    accountId,
    claims: () => ({ sub: accountId, email: 'bench@example.com' }),
  }),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Tessera's defaults (1 h access tokens, 30 min flows), set so the provider does not warn.
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 3600,
    IdToken: 3600,
    Interaction: 1800,
    Session: 86400,
    Grant: 86400,
    AuthorizationCode: 600,
    RefreshToken: 720 * 3600,
  },
});

/** The login and consent "UI": accepts the user and grants every requested scope at once. */
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: 'bench-user' } });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session.accountId,
        clientId: details.params.client_id,
      });
  grant.addOIDCScope(details.prompt.details.missingOIDCScope?.join(' ') ?? 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

const callback = provider.callback();
createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
}).listen(PORT, '127.0.0.1');
