import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Injectable } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { TesseraConfig } from '@tessera/config';

const pbkdf2Async = promisify(pbkdf2);

const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Hydra's PBKDF2 digest names; `sha224`/`sha384` mean SHA-3 there, and must verify the same. */
const PBKDF2_DIGESTS: Record<string, string> = {
  sha1: 'sha1',
  sha224: 'sha3-224',
  sha256: 'sha256',
  sha384: 'sha3-384',
  sha512: 'sha512',
};

/** bcrypt only reads the first 72 bytes of a password. */
export const BCRYPT_MAX_BYTES = 72;

/**
 * Client secrets are stored only as hashes (DESIGN §3), in Hydra's encodings so that a Hydra
 * database's clients keep working: `$pbkdf2-sha256$i=<n>,l=32$<salt>$<key>` (standard base64
 * without padding) by default, or bcrypt. Verification picks the algorithm from the hash itself.
 */
@Injectable()
export class ClientSecretHasher {
  constructor(private readonly config: TesseraConfig) {}

  async hash(secret: string): Promise<string> {
    const {
      algorithm,
      pbkdf2: pbkdf2Settings,
      bcrypt: bcryptSettings,
    } = this.config.oauth2.hashers;
    if (algorithm === 'bcrypt') return bcrypt.hash(secret, bcryptSettings.cost);
    const salt = randomBytes(SALT_BYTES);
    const iterations = pbkdf2Settings.iterations;
    const key = await pbkdf2Async(secret, salt, iterations, KEY_BYTES, 'sha256');
    return `$pbkdf2-sha256$i=${iterations},l=${KEY_BYTES}$${rawBase64(salt)}$${rawBase64(key)}`;
  }

  /** Whether `secret` matches `hash`; false for an empty or unrecognised hash. */
  async verify(secret: string, hash: string): Promise<boolean> {
    if (/^\$2[abxy]?\$/.test(hash)) return bcrypt.compare(secret, hash);
    if (hash.startsWith('$pbkdf2-')) return verifyPbkdf2(secret, hash);
    return false;
  }
}

async function verifyPbkdf2(secret: string, hash: string): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 5) return false;
  const [, scheme, parameters, saltText, keyText] = parts;
  const digest = PBKDF2_DIGESTS[scheme.slice('pbkdf2-'.length)] ?? 'sha256';
  const iterations = Number(/^i=(\d+),l=\d+$/.exec(parameters)?.[1]);
  if (!Number.isSafeInteger(iterations) || iterations < 1) return false;
  const salt = Buffer.from(saltText, 'base64');
  const expected = Buffer.from(keyText, 'base64');
  if (expected.length === 0) return false;
  const actual = await pbkdf2Async(secret, salt, iterations, expected.length, digest);
  return timingSafeEqual(actual, expected);
}

function rawBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
