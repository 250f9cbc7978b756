import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('lets a key spend its burst, then says how long to wait, and refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0); // keys are independent
    now = 500; // half a second: one token back
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    now = 10_000;
    expect(buckets.peek('a')).toBe(0);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([
      0, 0, 0, 1,
    ]);
  });

  it('peeks without spending', () => {
    const buckets = new TokenBuckets(1, 1, () => 0);
    expect(buckets.peek('a')).toBe(0);
    expect(buckets.peek('a')).toBe(0);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.peek('a')).toBe(1);
  });
});
