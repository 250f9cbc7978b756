import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { accessTokenStorageKey, HmacTokenCodec, TOKEN_PREFIXES } from './hmac-token.codec';
import type { TokenRecord } from './token-records';

/** A token handed to a client, and the key its record is stored under. */
export interface IssuedToken {
  readonly token: string;
  readonly key: string;
}

export type AccessTokenFormat = 'opaque' | 'jwt';

/**
 * A format of access tokens (fosite's "strategy"): Hydra's opaque HMAC tokens, or signed JWTs
 * (RFC 9068). Either way the token's record is stored under `key` — derived from the token's
 * signature — so introspection and revocation work the same for every format.
 */
export abstract class AccessTokenStrategy {
  abstract readonly format: AccessTokenFormat;

  abstract mint(record: Omit<TokenRecord, 'key'>): Promise<IssuedToken>;

  /** The storage key of a presented token, or `undefined` if it is not a token of this format. */
  abstract keyOf(token: string): string | undefined;
}

/** Hydra's opaque `ory_at_` tokens (hydra-compat §4.1). */
@Injectable()
export class HmacAccessTokenStrategy extends AccessTokenStrategy {
  readonly format = 'opaque';
  private readonly codec: HmacTokenCodec;

  constructor(config: TesseraConfig) {
    super();
    this.codec = new HmacTokenCodec(config.secrets.system);
  }

  async mint(): Promise<IssuedToken> {
    const { token, signature } = this.codec.mint(TOKEN_PREFIXES.accessToken);
    return { token, key: accessTokenStorageKey(signature) };
  }

  keyOf(token: string): string | undefined {
    const signature = this.codec.verify(token, TOKEN_PREFIXES.accessToken);
    return signature === undefined ? undefined : accessTokenStorageKey(signature);
  }
}
