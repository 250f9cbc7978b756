import { createPrivateKey, createPublicKey, type JsonWebKey, X509Certificate } from 'node:crypto';
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

/** Standard base64 (RFC 7517 §4.7: `x5c` values are base64, not base64url). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_CHAIN = 10;

/**
 * Why a `self_signed_tls_client_auth` client's inline key set cannot name its certificates, or
 * `undefined`. RFC 8705 §2.2.2: the client registers its self-signed certificate(s) as the `x5c`
 * of its keys, so at least one key must carry one; each `x5c` must be a chain of DER certificates
 * whose first certificate holds that very key (RFC 7517 §4.7). Call after `jwksProblem`.
 */
export function x5cProblem(jwks: JsonWebKeySet): string | undefined {
  const withX5c = jwks.keys.filter((key) => key.x5c !== undefined);
  if (withX5c.length === 0) {
    return 'When token_endpoint_auth_method is self_signed_tls_client_auth, a key in jwks must carry its certificate in x5c.';
  }
  for (const key of withX5c) {
    if (!certifiesKey(key)) {
      return `Invalid x5c in JSON web key ${jwks.keys.indexOf(key) + 1}: it must be an array of base64 DER certificates, the first holding the key.`;
    }
  }
  return undefined;
}

function certifiesKey(key: Record<string, unknown>): boolean {
  const chain = key.x5c;
  if (!Array.isArray(chain) || chain.length === 0 || chain.length > MAX_CHAIN) return false;
  if (!chain.every((entry) => typeof entry === 'string' && BASE64.test(entry))) return false;
  try {
    const certificates = (chain as string[]).map(
      (entry) => new X509Certificate(Buffer.from(entry, 'base64')),
    );
    const publicKey = createPublicKey({ key: key as JsonWebKey, format: 'jwk' });
    return certificates[0].publicKey.equals(publicKey);
  } catch {
    return false;
  }
}
