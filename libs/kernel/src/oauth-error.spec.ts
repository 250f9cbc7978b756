import { describe, expect, it } from 'vitest';
import { InvalidRequestError, NotFoundError, OAuthError } from './index';
import { constantTimeEqual } from './constant-time';

describe('OAuthError', () => {
  it('renders error and description with the hint, quotes made single', () => {
    const error = new InvalidRequestError('Bad "x".').withHint('Use y.');
    expect(error.toJSON()).toEqual({
      error: 'invalid_request',
      error_description: "Bad 'x'. Use y.",
    });
    expect(error.status).toBe(400);
  });

  it('withHint returns a copy of the same class and leaves the original alone', () => {
    const original = new NotFoundError();
    const copy = original.withHint('client x');
    expect(copy).toBeInstanceOf(NotFoundError);
    expect(copy).toBeInstanceOf(OAuthError);
    expect(copy).not.toBe(original);
    expect(original.hint).toBeUndefined();
    expect(copy.message).toContain('client x');
  });
});

describe('constantTimeEqual', () => {
  it('compares strings and buffers of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual(Buffer.from('x'), 'x')).toBe(true);
  });
});
