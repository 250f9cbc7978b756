import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** `n` cryptographically random bytes. */
export function secureRandomBytes(n: number): Buffer {
  return randomBytes(n);
}

/** A random version 4 UUID. */
export function randomUuid(): string {
  return randomUUID();
}

/** A random string of `length` characters drawn uniformly (no modulo bias) from `alphabet`. */
export function randomString(length: number, alphabet: string): string {
  if (alphabet.length < 2) throw new RangeError('alphabet needs at least two characters');
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** RFC 3986 §2.3 unreserved characters: safe in any URL, form body or header. */
export const UNRESERVED_ALPHABET =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';
