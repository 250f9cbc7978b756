import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { Clock, InvalidDpopProofError, UseDpopNonceError } from '@tessera/kernel';
import { InMemoryJtiStore } from '@tessera/testing';
import { DpopNonceCodec } from './dpop-nonce.codec';
import {
  DPOP_MAX_AGE_SECONDS,
  DPOP_MAX_CLOCK_SKEW_SECONDS,
  DpopProofVerifier,
  type DpopProofRequest,
} from './dpop-proof.verifier';

const NOW_MS = 1_800_000_000_000;
const NOW = NOW_MS / 1000;
const TOKEN_URL = 'http://localhost:4444/oauth2/token';
const USERINFO_URL = 'http://localhost:4444/userinfo';
const ACCESS_TOKEN = 'ory_at_example.signature';

class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW_MS);
  }
}

function verifier(env: Record<string, string> = {}): DpopProofVerifier {
  const { config } = loadConfig({
    env: { DSN: 'memory', SECRETS_SYSTEM: 'a-long-enough-system-secret', ...env },
    flags: { dev: true },
  });
  const clock = new FixedClock();
  const nonces = new DpopNonceCodec(config, clock);
  return new DpopProofVerifier(config, new InMemoryJtiStore(() => NOW_MS), clock, nonces);
}

interface Key {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function newKey(alg = 'ES256'): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

/** A proof for the token endpoint, with `claims` and `header` changing the defaults. */
function proof(
  key: Key,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ jti: randomUUID(), htm: 'POST', htu: TOKEN_URL, iat: NOW, ...claims })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

const atToken = (proofs: string[]): DpopProofRequest => ({
  proofs,
  method: 'POST',
  endpoint: 'token',
});
const atUserinfo = (proofs: string[], accessToken = ACCESS_TOKEN): DpopProofRequest => ({
  proofs,
  method: 'GET',
  endpoint: 'userinfo',
  accessToken,
});

async function refusal(promise: Promise<unknown>): Promise<InvalidDpopProofError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidDpopProofError);
  return error as InvalidDpopProofError;
}

describe('DpopProofVerifier (RFC 9449 §4.3)', () => {
  let key: Key;

  beforeAll(async () => {
    key = await newKey();
  });

  it("accepts a valid proof and answers its key's RFC 7638 SHA-256 thumbprint", async () => {
    const proven = await verifier().verify(atToken([await proof(key)]));
    expect(proven.jkt).toBe(await calculateJwkThumbprint(key.jwk, 'sha256'));
  });

  it.each(['RS256', 'PS256', 'ES384', 'EdDSA'])('accepts proofs signed with %s', async (alg) => {
    const other = await newKey(alg);
    const signed = await proof(other, {}, { alg });
    expect((await verifier().verify(atToken([signed]))).jkt).toBe(
      await calculateJwkThumbprint(other.jwk, 'sha256'),
    );
  });

  it('ignores the query and fragment of htu, and the case of its scheme and host', async () => {
    for (const htu of [
      `${TOKEN_URL}?foo=bar`,
      `${TOKEN_URL}#fragment`,
      'HTTP://LOCALHOST:4444/oauth2/token',
    ]) {
      await expect(verifier().verify(atToken([await proof(key, { htu })]))).resolves.toEqual({
        jkt: expect.any(String),
      });
    }
  });

  it('takes the token endpoint URL that discovery announces', async () => {
    const announced = 'https://auth.example/custom/token';
    const configured = verifier({ WEBFINGER_OIDC_DISCOVERY_TOKEN_URL: announced });
    await expect(
      configured.verify(atToken([await proof(key, { htu: announced })])),
    ).resolves.toBeDefined();
  });

  it('refuses no DPoP header value, two of them, and what is not a JWS compact JWT', async () => {
    const valid = await proof(key);
    for (const proofs of [[], [valid, await proof(key)], ['not-a-jwt'], [`${valid}.extra`]]) {
      const error = await refusal(verifier().verify(atToken(proofs)));
      expect(error.error).toBe('invalid_dpop_proof');
      expect(error.status).toBe(400);
    }
  });

  it.each([
    ['a typ other than dpop+jwt', { typ: 'JWT' }, /typ/],
    ['no typ', { typ: undefined }, /typ/],
    ['no jwk', { jwk: undefined }, /jwk/],
  ])('refuses a proof with %s', async (_case, header, hint) => {
    const error = await refusal(verifier().verify(atToken([await proof(key, {}, header)])));
    expect(error.hint).toMatch(hint);
  });

  it('refuses alg none', async () => {
    const header = { typ: 'dpop+jwt', alg: 'none', jwk: key.jwk };
    const payload = { jti: 'j', htm: 'POST', htu: TOKEN_URL, iat: NOW };
    const unsigned = `${base64url(header)}.${base64url(payload)}.AAAA`;
    const error = await refusal(verifier().verify(atToken([unsigned])));
    expect(error.hint).toMatch(/signed with one of/);
  });

  it('refuses HS256, even with an oct key in jwk', async () => {
    const secret = new Uint8Array(32).fill(7);
    const jwk = { kty: 'oct', k: Buffer.from(secret).toString('base64url') };
    const signed = await new SignJWT({ jti: 'j', htm: 'POST', htu: TOKEN_URL, iat: NOW })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'HS256', jwk })
      .sign(secret);
    const error = await refusal(verifier().verify(atToken([signed])));
    expect(error.hint).toMatch(/signed with one of/);
  });

  it('refuses a private key in the jwk header', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = { privateKey, jwk: await exportJWK(privateKey) };
    expect(leaked.jwk.d).toEqual(expect.any(String));
    const error = await refusal(verifier().verify(atToken([await proof(leaked)])));
    expect(error.hint).toMatch(/public key/);
  });

  it('refuses a signature the jwk header does not verify', async () => {
    const other = await newKey();
    const forged = await proof({ privateKey: other.privateKey, jwk: key.jwk });
    const error = await refusal(verifier().verify(atToken([forged])));
    expect(error.hint).toMatch(/signature/);
  });

  it.each([
    ['another htm', { htm: 'GET' }, /htm/],
    ['a lower-case htm', { htm: 'post' }, /htm/],
    ['another path in htu', { htu: 'http://localhost:4444/oauth2/revoke' }, /htu/],
    ['another host in htu', { htu: 'http://evil.example:4444/oauth2/token' }, /htu/],
    ['user information in htu', { htu: 'http://me@localhost:4444/oauth2/token' }, /htu/],
    ['htu that is no URL', { htu: 'oauth2/token' }, /htu/],
    ['no jti', { jti: undefined }, /jti/],
    ['a jti that is no string', { jti: 42 }, /jti/],
    ['no iat', { iat: undefined }, /iat/],
    ['an iat too far in the future', { iat: NOW + DPOP_MAX_CLOCK_SKEW_SECONDS + 1 }, /future/],
    ['a stale iat', { iat: NOW - DPOP_MAX_AGE_SECONDS - 1 }, /older/],
    ['an exp in the past', { exp: NOW - 1 }, /expired/],
  ])('refuses a proof with %s', async (_case, claims, hint) => {
    const error = await refusal(verifier().verify(atToken([await proof(key, claims)])));
    expect(error.hint).toMatch(hint);
  });

  it('accepts an iat within the window on either side', async () => {
    for (const iat of [NOW + DPOP_MAX_CLOCK_SKEW_SECONDS - 1, NOW - DPOP_MAX_AGE_SECONDS + 1]) {
      await expect(verifier().verify(atToken([await proof(key, { iat })]))).resolves.toBeDefined();
    }
  });

  it('accepts a jti once per key', async () => {
    const once = verifier();
    const replayed = await proof(key, { jti: 'same-jti' });
    await expect(once.verify(atToken([replayed]))).resolves.toBeDefined();
    const error = await refusal(once.verify(atToken([replayed])));
    expect(error.hint).toMatch(/used before/);
    const otherKey = await proof(await newKey(), { jti: 'same-jti' });
    await expect(once.verify(atToken([otherKey]))).resolves.toBeDefined();
  });

  describe('with server-provided nonces (§8, §9)', () => {
    const NONCES = { OAUTH2_DPOP_NONCE_ENABLED: 'true' };
    const nonceOf = (error: UseDpopNonceError) => error.headers['DPoP-Nonce'];

    async function nonceRefusal(promise: Promise<unknown>): Promise<UseDpopNonceError> {
      const error = await promise.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(UseDpopNonceError);
      return error as UseDpopNonceError;
    }

    it('answers a proof without nonce with use_dpop_nonce and the nonce to use, then accepts it', async () => {
      const checker = verifier(NONCES);
      const refused = await nonceRefusal(checker.verify(atToken([await proof(key)])));
      expect(refused.error).toBe('use_dpop_nonce');
      expect(refused.status).toBe(400);
      expect(nonceOf(refused)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const nonce = nonceOf(refused);
      await expect(checker.verify(atToken([await proof(key, { nonce })]))).resolves.toBeDefined();
    });

    it('refuses an unknown nonce, and a nonce that is no string', async () => {
      for (const nonce of ['made-up-nonce', 42]) {
        const refused = await nonceRefusal(
          verifier(NONCES).verify(atToken([await proof(key, { nonce })])),
        );
        expect(refused.hint).toMatch(/stale or unknown/);
      }
    });

    it('answers 401 at UserInfo', async () => {
      const claims = { htm: 'GET', htu: USERINFO_URL, ath: ath(ACCESS_TOKEN) };
      const refused = await nonceRefusal(
        verifier(NONCES).verify(atUserinfo([await proof(key, claims)])),
      );
      expect(refused.status).toBe(401);
    });

    it('does not remember the jti of a proof refused for its nonce', async () => {
      const checker = verifier(NONCES);
      const refused = await nonceRefusal(checker.verify(atToken([await proof(key, { jti: 'j' })])));
      const again = await proof(key, { jti: 'j', nonce: nonceOf(refused) });
      await expect(checker.verify(atToken([again]))).resolves.toBeDefined();
    });

    it('still checks the proof first: a bad signature is invalid_dpop_proof', async () => {
      const other = await newKey();
      const forged = await proof({ privateKey: other.privateKey, jwk: key.jwk });
      await refusal(verifier(NONCES).verify(atToken([forged])));
    });

    it('ignores a nonce claim when nonces are off', async () => {
      await expect(
        verifier().verify(atToken([await proof(key, { nonce: 'anything' })])),
      ).resolves.toBeDefined();
    });
  });

  describe('at UserInfo, a protected resource', () => {
    const forUserinfo = (claims: Record<string, unknown> = {}) =>
      proof(key, { htm: 'GET', htu: USERINFO_URL, ath: ath(ACCESS_TOKEN), ...claims });

    it('accepts a proof whose ath is the hash of the access token', async () => {
      await expect(verifier().verify(atUserinfo([await forUserinfo()]))).resolves.toEqual({
        jkt: await calculateJwkThumbprint(key.jwk, 'sha256'),
      });
    });

    it.each([
      ['no ath', { ath: undefined }],
      ['the ath of another token', { ath: ath('ory_at_other.token') }],
      ['the token endpoint as htu', { htu: TOKEN_URL }],
    ])('refuses %s with 401', async (_case, claims) => {
      const error = await refusal(verifier().verify(atUserinfo([await forUserinfo(claims)])));
      expect(error.error).toBe('invalid_dpop_proof');
      expect(error.status).toBe(401);
    });
  });
});
