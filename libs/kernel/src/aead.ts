import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM authenticated encryption under a rotating list of keys: the first key seals, every
 * key opens (so a secret can be rotated by prepending a new one). `purpose` is bound as
 * additional authenticated data, so a blob sealed for one purpose never opens for another.
 * Output: base64url(nonce ‖ ciphertext ‖ tag).
 */
export class Aead {
  private readonly keys: readonly Buffer[];

  constructor(keys: readonly Uint8Array[]) {
    if (keys.length === 0) throw new RangeError('Aead needs at least one key');
    for (const key of keys) {
      if (key.length !== 32) throw new RangeError('AES-256-GCM keys are 32 bytes');
    }
    this.keys = keys.map((key) => Buffer.from(key));
  }

  /** Keys derived as SHA-256 of each secret, in order (Hydra's derivation for system secrets). */
  static fromSecrets(secrets: readonly string[]): Aead {
    return new Aead(secrets.map((secret) => createHash('sha256').update(secret).digest()));
  }

  seal(plaintext: Uint8Array | string, purpose: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], nonce);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The plaintext, or `undefined` when the blob is malformed, tampered or for another purpose. */
  open(sealed: string, purpose: string): Buffer | undefined {
    const raw = Buffer.from(sealed, 'base64url');
    // Only the one spelling seal() writes: no padding, no stray characters, no dangling or
    // altered trailing bits that a lenient decoder would drop (another string, the same blob).
    if (raw.toString('base64url') !== sealed) return undefined;
    if (raw.length < NONCE_BYTES + TAG_BYTES) return undefined;
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      const opened = tryOpen(key, nonce, body, tag, purpose);
      if (opened) return opened;
    }
    return undefined;
  }
}

function tryOpen(
  key: Buffer,
  nonce: Buffer,
  body: Buffer,
  tag: Buffer,
  purpose: string,
): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}
