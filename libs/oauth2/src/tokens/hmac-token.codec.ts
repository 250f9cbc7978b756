import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Hydra's token prefixes (hydra-compat §4.1): access, refresh, authorization code, device code. */
export const TOKEN_PREFIXES = {
  accessToken: 'ory_at_',
  refreshToken: 'ory_rt_',
  authorizeCode: 'ory_ac_',
  deviceCode: 'ory_dc_',
} as const;

export type TokenPrefix = (typeof TOKEN_PREFIXES)[keyof typeof TOKEN_PREFIXES];

const KEY_BYTES = 32;
/** base64url of 32 bytes, unpadded: 43 characters. */
const PART = '[A-Za-z0-9_-]{43}';

/** A freshly minted opaque token and the signature part that identifies it. */
export interface MintedToken {
  readonly token: string;
  readonly signature: string;
}

/**
 * Hydra's opaque HMAC tokens: `<prefix><key>.<signature>`, where `key` is 32 random bytes and
 * `signature` is HMAC-SHA-512/256 of those bytes under SHA-256 of a system secret (both base64url
 * without padding). The first secret signs; every listed secret verifies, so secrets rotate by
 * prepending. Only the signature is ever stored, so a database dump yields no usable token.
 */
export class HmacTokenCodec {
  private readonly keys: readonly Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new RangeError('HmacTokenCodec needs at least one secret');
    this.keys = secrets.map((secret) => createHash('sha256').update(secret).digest());
  }

  mint(prefix: TokenPrefix): MintedToken {
    const key = randomBytes(KEY_BYTES);
    const signature = hmac(this.keys[0], key).toString('base64url');
    return { token: `${prefix}${key.toString('base64url')}.${signature}`, signature };
  }

  /**
   * The signature part of `token` when it carries `prefix` and one of the secrets signed it;
   * `undefined` for anything else (other prefix, wrong shape, forged or foreign signature).
   */
  verify(token: string, prefix: TokenPrefix): string | undefined {
    if (token.length !== prefix.length + 87 || !token.startsWith(prefix)) return undefined;
    const body = token.slice(prefix.length);
    if (!new RegExp(`^${PART}\\.${PART}$`).test(body)) return undefined;
    const [keyText, signatureText] = body.split('.');
    const key = Buffer.from(keyText, 'base64url');
    const signature = Buffer.from(signatureText, 'base64url');
    if (key.toString('base64url') !== keyText || signature.toString('base64url') !== signatureText)
      return undefined;
    return this.keys.some((secret) => timingSafeEqual(hmac(secret, key), signature))
      ? signatureText
      : undefined;
  }
}

function hmac(secret: Buffer, data: Buffer): Buffer {
  return createHmac('sha512-256', secret).update(data).digest();
}

/**
 * How access-token signatures are stored: lower-case hex SHA-384 of the signature part (Hydra
 * hashes them so long JWT signatures fit the key column; opaque ones are hashed alike).
 */
export function accessTokenStorageKey(signature: string): string {
  return createHash('sha384').update(signature).digest('hex');
}
