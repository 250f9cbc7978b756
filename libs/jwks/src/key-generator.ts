import { exportJWK, generateKeyPair } from 'jose';
import { randomUuid } from '@tessera/kernel';
import type { JsonWebKey, SigningAlgorithm } from './json-web-key';

/**
 * RSA keys are 2048-bit: NIST-acceptable through 2030 and several times faster to sign with than
 * 4096-bit ones (see docs/compatibility.md); import a larger key if policy demands it.
 */
const RSA_MODULUS_BITS = 2048;

/** Generates a signing key pair with jose; the result is the private JWK with `kid`, `alg` and `use`. */
export async function generateSigningKey(
  alg: SigningAlgorithm,
  use: string,
  kid?: string,
): Promise<JsonWebKey> {
  const pair = await generateKeyPair(alg === 'EdDSA' ? 'Ed25519' : alg, {
    extractable: true,
    modulusLength: alg.startsWith('RS') || alg.startsWith('PS') ? RSA_MODULUS_BITS : undefined,
  });
  const jwk = (await exportJWK(pair.privateKey)) as JsonWebKey;
  return { ...jwk, kid: kid || randomUuid(), alg, use };
}
