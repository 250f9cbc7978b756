import { Injectable } from '@nestjs/common';
import { TesseraConfig } from '@tessera/config';
import { HmacTokenCodec, type MintedToken, TOKEN_PREFIXES } from './hmac-token.codec';

/**
 * Refresh tokens and authorization codes: always opaque HMAC tokens, whatever the access token
 * format (hydra-compat §4.2), stored under their raw signature (§4.1).
 */
@Injectable()
export class GrantTokenCodec {
  private readonly codec: HmacTokenCodec;

  constructor(config: TesseraConfig) {
    this.codec = new HmacTokenCodec(config.secrets.system);
  }

  mintRefreshToken(): MintedToken {
    return this.codec.mint(TOKEN_PREFIXES.refreshToken);
  }

  /** The storage key of a presented refresh token, `undefined` unless it is one of ours. */
  refreshTokenKey(token: string): string | undefined {
    return this.codec.verify(token, TOKEN_PREFIXES.refreshToken);
  }

  mintAuthorizationCode(): MintedToken {
    return this.codec.mint(TOKEN_PREFIXES.authorizeCode);
  }

  authorizationCodeKey(code: string): string | undefined {
    return this.codec.verify(code, TOKEN_PREFIXES.authorizeCode);
  }
}
