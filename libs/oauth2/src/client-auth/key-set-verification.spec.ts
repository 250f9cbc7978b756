import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifyWithKeySet } from './key-set-verification';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

describe('jwtVerifyWithKeySet', () => {
  let first: KeyPair;
  let second: KeyPair;
  let stranger: KeyPair;

  beforeAll(async () => {
    [first, second, stranger] = await Promise.all(
      [1, 2, 3].map(() => generateKeyPair('ES256', { extractable: true })),
    );
  });

  const keySet = async (kid?: string) =>
    createLocalJWKSet({
      keys: await Promise.all(
        [first, second].map(
          async (pair) =>
            ({
              ...(await exportJWK(pair.publicKey)),
              alg: 'ES256',
              ...(kid ? { kid } : {}),
            }) as JWK,
        ),
      ),
    });
  const sign = (pair: KeyPair, expiresAt: string | number = '1m', kid?: string) =>
    new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) })
      .setExpirationTime(expiresAt)
      .sign(pair.privateKey);

  it('verifies with whichever key matches, when keys have no kid or share one', async () => {
    for (const kid of [undefined, 'shared']) {
      const keys = await keySet(kid);
      for (const pair of [first, second]) {
        const { payload } = await jwtVerifyWithKeySet(await sign(pair, '1m', kid), keys, {
          algorithms: ['ES256'],
        });
        expect(payload.sub).toBe('x');
      }
    }
  });

  it('refuses a token no candidate signed, and keeps what else a candidate found wrong', async () => {
    const keys = await keySet();
    const options = { algorithms: ['ES256'] };
    await expect(jwtVerifyWithKeySet(await sign(stranger), keys, options)).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
    const expired = await sign(second, Math.floor(Date.now() / 1000) - 600);
    await expect(jwtVerifyWithKeySet(expired, keys, options)).rejects.toBeInstanceOf(
      errors.JWTExpired,
    );
  });
});
