import { describe, expect, it } from 'vitest';
import { halfHash } from './id-token.issuer';

describe('at_hash and c_hash (OIDC Core §3.1.3.6)', () => {
  it('is the left half of the hash, base64url, as in the example of OIDC Core appendix A.3', () => {
    expect(halfHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
  });

  it('follows the hash of the signing algorithm', () => {
    expect(halfHash('token', 'ES384')).toHaveLength(32);
    expect(halfHash('token', 'PS512')).toHaveLength(43);
    expect(halfHash('token', 'EdDSA')).toHaveLength(43);
  });
});
