import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessTokenStorageKey, HmacTokenCodec, TOKEN_PREFIXES } from './hmac-token.codec';

const SECRET = 'a-system-secret-of-some-length';

describe('HmacTokenCodec', () => {
  const codec = new HmacTokenCodec([SECRET]);

  it("mints Hydra's format: prefix, 43-character key, dot, 43-character signature", () => {
    const { token, signature } = codec.mint(TOKEN_PREFIXES.accessToken);
    expect(token).toMatch(/^ory_at_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect(token.endsWith(`.${signature}`)).toBe(true);
    expect(codec.mint(TOKEN_PREFIXES.accessToken).token).not.toBe(token);
  });

  it('signs the raw key bytes with HMAC-SHA-512/256 under SHA-256 of the secret', () => {
    const { token, signature } = codec.mint(TOKEN_PREFIXES.refreshToken);
    const key = Buffer.from(token.slice('ory_rt_'.length).split('.')[0], 'base64url');
    const expected = createHmac('sha512-256', createHash('sha256').update(SECRET).digest())
      .update(key)
      .digest('base64url');
    expect(signature).toBe(expected);
  });

  it('verifies its own tokens and nothing else', () => {
    const { token, signature } = codec.mint(TOKEN_PREFIXES.accessToken);
    expect(codec.verify(token, TOKEN_PREFIXES.accessToken)).toBe(signature);
    expect(codec.verify(token, TOKEN_PREFIXES.refreshToken)).toBeUndefined();
    // As in Hydra the prefix is not signed: a re-prefixed token verifies, but every kind of token
    // lives in its own store under its own key, so it is found nowhere.
    expect(codec.verify(token.replace('ory_at_', 'ory_rt_'), TOKEN_PREFIXES.refreshToken)).toBe(
      signature,
    );
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(codec.verify(flipped, TOKEN_PREFIXES.accessToken)).toBeUndefined();
    for (const garbage of [
      '',
      'ory_at_',
      'ory_at_x.y',
      `${token}x`,
      token.slice(0, -1),
      'Bearer x',
    ]) {
      expect(codec.verify(garbage, TOKEN_PREFIXES.accessToken)).toBeUndefined();
    }
    expect(
      new HmacTokenCodec(['another-secret-entirely']).verify(token, TOKEN_PREFIXES.accessToken),
    ).toBeUndefined();
  });

  it('keeps verifying old tokens after a new secret is prepended', () => {
    const old = codec.mint(TOKEN_PREFIXES.accessToken);
    const rotated = new HmacTokenCodec(['the-new-system-secret-value', SECRET]);
    expect(rotated.verify(old.token, TOKEN_PREFIXES.accessToken)).toBe(old.signature);
    const fresh = rotated.mint(TOKEN_PREFIXES.accessToken);
    expect(codec.verify(fresh.token, TOKEN_PREFIXES.accessToken)).toBeUndefined();
  });

  it('stores access tokens under the hex SHA-384 of the signature', () => {
    expect(accessTokenStorageKey('abc')).toBe(createHash('sha384').update('abc').digest('hex'));
    expect(accessTokenStorageKey('abc')).toHaveLength(96);
  });
});
