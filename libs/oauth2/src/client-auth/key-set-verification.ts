import {
  type CryptoKey,
  errors,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
  type JWTVerifyResult,
} from 'jose';

/**
 * `jwtVerify` against a client's key set that tries every key matching the token's header when
 * there are several: keys without a `kid`, or sharing one. RFC 7517 §4.5 makes `kid` optional,
 * and Hydra verifies with any matching key; jose refuses to guess, and hands the candidates over.
 */
export async function jwtVerifyWithKeySet(
  jwt: string,
  keys: JWTVerifyGetKey,
  options: JWTVerifyOptions,
): Promise<JWTVerifyResult> {
  try {
    return await jwtVerify(jwt, keys, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    for await (const key of error as unknown as AsyncIterable<CryptoKey>) {
      try {
        return await jwtVerify(jwt, key, options);
      } catch (attempt) {
        if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}
