import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';
import type { JsonWebKeySet } from './oauth2-client';

const ASYMMETRIC_KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);
const MAX_KEYS = 100;

/**
 * Why a client's JWK set is unusable, or `undefined`: it must hold a `keys` array of valid
 * asymmetric keys (RFC 7517 §5); symmetric keys have no place in client metadata.
 */
export function jwksProblem(jwks: JsonWebKeySet): string | undefined {
  if (!Array.isArray(jwks.keys)) return 'Field jwks must be a JSON Web Key Set with a keys array.';
  if (jwks.keys.length > MAX_KEYS) return `Field jwks must hold at most ${MAX_KEYS} keys.`;
  for (const [index, key] of jwks.keys.entries()) {
    if (!isValidKey(key)) return `Invalid JSON web key in set (key ${index + 1}).`;
  }
  return undefined;
}

function isValidKey(key: unknown): boolean {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) return false;
  const jwk = key as JsonWebKey & { kty?: unknown; d?: unknown };
  if (typeof jwk.kty !== 'string' || !ASYMMETRIC_KEY_TYPES.has(jwk.kty)) return false;
  try {
    if (jwk.d !== undefined) createPrivateKey({ key: jwk, format: 'jwk' });
    else createPublicKey({ key: jwk, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}
