import { createHash } from 'node:crypto';
import { constantTimeEqual, InvalidGrantError } from '@tessera/kernel';

/** RFC 7636 §4.1: the unreserved alphabet. */
const VERIFIER_ALPHABET = /^[A-Za-z0-9._~-]*$/;
/** An S256 challenge: base64url of a SHA-256 digest (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  return constantTimeEqual(
    createHash('sha256').update(verifier, 'ascii').digest('base64url'),
    challenge,
  );
}

const invalidGrant = (hint: string) => new InvalidGrantError().withHint(hint);

/**
 * The token request's side of PKCE (RFC 7636 §4.5–§4.6): a code issued with a challenge needs
 * the matching verifier, 43–128 unreserved characters; a verifier without a challenge is refused.
 */
export function checkCodeVerifier(challenge: string, verifier: string | undefined): void {
  if (challenge === '') {
    if (verifier === undefined) return;
    throw invalidGrant(
      'The PKCE code verifier was provided but the code challenge was absent from the authorization request.',
    );
  }
  const given = verifier ?? '';
  if (given.length < 43)
    throw invalidGrant('The PKCE code verifier must be at least 43 characters.');
  if (given.length > 128)
    throw invalidGrant('The PKCE code verifier can not be longer than 128 characters.');
  if (!VERIFIER_ALPHABET.test(given)) {
    throw invalidGrant(
      "The PKCE code verifier must only contain [a-Z], [0-9], '-', '.', '_', '~'.",
    );
  }
  if (!verifierMatches(given, challenge))
    throw invalidGrant('The PKCE code challenge did not match the code verifier.');
}
