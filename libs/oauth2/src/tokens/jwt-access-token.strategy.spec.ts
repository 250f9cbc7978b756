import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { generateSigningKey, type JsonWebKeyManager } from '@tessera/jwks';
import { importJWK } from 'jose';
import { JwtAccessTokenStrategy } from './jwt-access-token.strategy';

async function strategy(env: Record<string, string>) {
  const { config } = loadConfig({
    env: { DSN: 'memory', SECRETS_SYSTEM: 'a-long-enough-system-secret', ...env },
    flags: { dev: true },
  });
  const jwk = await generateSigningKey('ES256', 'sig', 'test-kid');
  const keys = {
    signingKey: async () => ({ jwk, key: await importJWK(jwk, 'ES256') }),
  } as unknown as JsonWebKeyManager;
  return new JwtAccessTokenStrategy(keys, config);
}

const record = {
  requestId: 'r',
  clientId: 'client',
  subject: 'user',
  grantedScope: ['read'],
  grantedAudience: [],
  session: { ext: { tenant: 'acme', role: 'admin', iss: 'forged' } },
  requestedAt: new Date(1_800_000_000_000),
  expiresAt: new Date(1_800_003_600_000),
};

describe('JwtAccessTokenStrategy claims', () => {
  it('mirrors the session under ext and promotes allowed top-level claims, never reserved ones', async () => {
    const jwt = await strategy({ OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: 'tenant,iss' });
    const { token, key } = await jwt.mint(record);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      tenant: 'acme',
      sub: 'user',
      client_id: 'client',
      scp: ['read'],
      aud: [],
      ext: { tenant: 'acme', role: 'admin', iss: 'forged' },
    });
    expect(claims.iss).toBe('http://localhost:4444/');
    expect(claims.exp).toBe(1_800_003_600);
    expect(decodeProtectedHeader(token)).toMatchObject({
      kid: 'test-kid',
      typ: 'at+jwt',
      alg: 'ES256',
    });
    expect(jwt.keyOf(token)).toBe(key);
  });

  it('keeps promoted claims out of ext when mirroring is off', async () => {
    const jwt = await strategy({
      OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: 'tenant',
      OAUTH2_MIRROR_TOP_LEVEL_CLAIMS: 'false',
    });
    const claims = decodeJwt((await jwt.mint(record)).token);
    expect(claims.tenant).toBe('acme');
    expect(claims.ext).toBeUndefined();
  });

  it('names the key of a DPoP-bound token in cnf, which the session cannot forge', async () => {
    const jwt = await strategy({ OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: 'cnf' });
    const forged = { ...record, session: { ext: { cnf: { jkt: 'forged' } } } };
    expect(decodeJwt((await jwt.mint(forged)).token).cnf).toBeUndefined();
    const bound = { ...record, session: { ext: {}, cnf: { jkt: 'thumbprint' } } };
    expect(decodeJwt((await jwt.mint(bound)).token).cnf).toEqual({ jkt: 'thumbprint' });
  });

  it('recognises only JWT-shaped tokens', async () => {
    const jwt = await strategy({});
    expect(jwt.keyOf('ory_at_abc.def')).toBeUndefined();
    expect(jwt.keyOf('a.b')).toBeUndefined();
    expect(jwt.keyOf('a.b.c')).toHaveLength(96);
  });
});
