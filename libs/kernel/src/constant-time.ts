import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in time independent of where they differ. Inputs of different lengths are
 * hashed first so that the comparison itself never short-circuits on length (RFC 6819 §5.1.4.2.1
 * style timing-attack protection).
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : Buffer.from(a);
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);
  if (left.length === right.length) return timingSafeEqual(left, right);
  const leftDigest = createHash('sha256').update(left).digest();
  const rightDigest = createHash('sha256').update(right).digest();
  // Always false, but costs the same as a successful comparison of digests.
  return timingSafeEqual(leftDigest, rightDigest) && false;
}
