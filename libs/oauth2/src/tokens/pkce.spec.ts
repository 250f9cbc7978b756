import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCodeVerifier } from './pkce';

const VERIFIER = 'a-verifier-of-the-unreserved-alphabet._~0123456789';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

describe('the PKCE verifier at the token endpoint (RFC 7636 §4.6)', () => {
  it('accepts the verifier of the challenge', () => {
    expect(() => checkCodeVerifier(CHALLENGE, VERIFIER)).not.toThrow();
    expect(() => checkCodeVerifier('', undefined)).not.toThrow();
  });

  it.each([
    [CHALLENGE, undefined],
    [CHALLENGE, 'x'.repeat(42)],
    [CHALLENGE, 'x'.repeat(129)],
    [CHALLENGE, `${'x'.repeat(43)}+`],
    [CHALLENGE, 'y'.repeat(43)],
    ['', VERIFIER],
  ])('refuses challenge %s with verifier %s', (challenge, verifier) => {
    expect(() => checkCodeVerifier(challenge, verifier)).toThrow(
      expect.objectContaining({ error: 'invalid_grant' }),
    );
  });
});
