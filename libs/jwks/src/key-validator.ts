import {
  createPrivateKey,
  createPublicKey,
  type JsonWebKey as NodeJsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { BadRequestError } from '@tessera/kernel';
import { type JsonWebKey, MAX_KEY_IDENTIFIER_LENGTH, SIGNING_ALGORITHMS } from './json-web-key';

/** Which key types and curves each algorithm needs (RFC 7518 §3, RFC 8037 §3.1). */
const ALGORITHM_KEYS: Record<string, { kty: string; crv?: string }> = {
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' },
  PS384: { kty: 'RSA' },
  PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
};

const invalid = (description: string) => new BadRequestError(description);

/**
 * Checks an imported key (PUT /admin/keys): a supported asymmetric signing algorithm with the
 * right key type and curve, a `kid`, `use` sig (or enc), and — for a private key — a public part
 * that belongs to it. Symmetric keys are refused: nothing in Tessera signs with a shared secret.
 */
export function validateImportedKey(value: unknown, index = 0): JsonWebKey {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`Key ${index + 1} is not a JSON object.`);
  const key = value as JsonWebKey;
  if (typeof key.kid !== 'string' || key.kid === '' || key.kid.length > MAX_KEY_IDENTIFIER_LENGTH)
    throw invalid(
      `Key ${index + 1} needs a kid of at most ${MAX_KEY_IDENTIFIER_LENGTH} characters.`,
    );
  if (key.kty === 'oct')
    throw invalid(`Key ${key.kid}: symmetric keys (kty oct) are not supported.`);
  if (typeof key.alg !== 'string' || !(SIGNING_ALGORITHMS as readonly string[]).includes(key.alg)) {
    throw invalid(`Key ${key.kid}: alg must be one of ${SIGNING_ALGORITHMS.join(', ')}.`);
  }
  const expected = ALGORITHM_KEYS[key.alg];
  if (key.kty !== expected.kty || (expected.crv !== undefined && key.crv !== expected.crv)) {
    throw invalid(
      `Key ${key.kid}: alg ${key.alg} needs kty ${expected.kty}${expected.crv ? ` and crv ${expected.crv}` : ''}.`,
    );
  }
  if (key.use !== undefined && key.use !== 'sig' && key.use !== 'enc')
    throw invalid(`Key ${key.kid}: use must be sig or enc.`);
  checkKeyMaterial(key);
  return { ...key, use: key.use ?? 'sig' };
}

/** RSA keys shorter than this are refused (NIST SP 800-131A). */
const MIN_RSA_BITS = 2048;

function checkKeyMaterial(key: JsonWebKey): void {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: publicMembers(key), format: 'jwk' });
  } catch {
    throw invalid(`Key ${key.kid}: the key material is not a valid ${key.kty} key.`);
  }
  const bits = publicKey.asymmetricKeyDetails?.modulusLength;
  if (key.kty === 'RSA' && (bits === undefined || bits < MIN_RSA_BITS)) {
    throw invalid(`Key ${key.kid}: RSA keys must have at least ${MIN_RSA_BITS} bits.`);
  }
  if (key.d !== undefined && !belongsTogether(key, publicKey)) {
    throw invalid(`Key ${key.kid}: the private key does not belong to the public key.`);
  }
}

/** Signs a probe with the private key and verifies it with the public one. */
function belongsTogether(key: JsonWebKey, publicKey: KeyObject): boolean {
  try {
    const privateKey = createPrivateKey({ key: key as NodeJsonWebKey, format: 'jwk' });
    const digest = key.kty === 'OKP' ? null : 'sha256';
    const probe = Buffer.from('tessera key check');
    return verify(digest, probe, publicKey, sign(digest, probe, privateKey));
  } catch {
    return false;
  }
}

function publicMembers(key: JsonWebKey): NodeJsonWebKey {
  const { kty, crv, n, e, x, y } = key;
  return { kty, crv, n, e, x, y } as NodeJsonWebKey;
}
