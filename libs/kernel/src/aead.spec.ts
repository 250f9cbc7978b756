import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Aead } from './aead';

describe('Aead', () => {
  const current = Aead.fromSecrets(['a-long-enough-secret-1']);

  it('opens what it sealed, for the same purpose only', () => {
    const sealed = current.seal('hello', 'page-token');
    expect(current.open(sealed, 'page-token')?.toString()).toBe('hello');
    expect(current.open(sealed, 'login-challenge')).toBeUndefined();
  });

  it('rejects tampered, truncated and non-base64url input', () => {
    const sealed = current.seal('hello', 'p');
    const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21);
    expect(current.open(flipped, 'p')).toBeUndefined();
    expect(current.open(sealed.slice(0, 10), 'p')).toBeUndefined();
    expect(current.open('not base64 !', 'p')).toBeUndefined();
    expect(current.open('', 'p')).toBeUndefined();
  });

  it('opens only the exact text it sealed, not another spelling of the same bytes', () => {
    for (const plaintext of ['', 'a', 'ab', 'abc']) {
      const sealed = current.seal(plaintext, 'p');
      expect(current.open(`${sealed}A`, 'p'), sealed).toBeUndefined();
      expect(current.open(`${sealed}=`, 'p'), sealed).toBeUndefined();
      expect(current.open(`${sealed}\n`, 'p'), sealed).toBeUndefined();
    }
  });

  it('opens with any listed key and seals with the first (rotation)', () => {
    const rotated = Aead.fromSecrets(['a-long-enough-secret-2', 'a-long-enough-secret-1']);
    const old = current.seal('data', 'p');
    expect(rotated.open(old, 'p')?.toString()).toBe('data');
    expect(current.open(rotated.seal('new', 'p'), 'p')).toBeUndefined();
  });

  it('refuses keys of the wrong size', () => {
    expect(() => new Aead([randomBytes(16)])).toThrow(RangeError);
    expect(() => new Aead([])).toThrow(RangeError);
  });
});
