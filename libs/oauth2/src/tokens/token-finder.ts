import { Injectable } from '@nestjs/common';
import { AccessTokenStore } from './access-token.store';
import { AccessTokenStrategies } from './access-token.strategies';
import { GrantTokenCodec } from './grant-token.codec';
import { RefreshTokenStore } from './grant-token.stores';
import type { TokenRecord } from './token-records';

/** A stored token found from the text a client presented. */
export interface FoundToken {
  readonly use: 'access_token' | 'refresh_token';
  readonly record: TokenRecord;
}

/**
 * Finds the record of a presented access or refresh token. Each kind has its own format (the
 * `ory_rt_` prefix, an access token strategy), so the token itself says where to look and
 * `token_type_hint` (RFC 7009 §2.1, RFC 7662 §2.1) is not needed. A token that is not valid for
 * its format is never looked up; a used refresh token is no longer a token.
 */
@Injectable()
export class TokenFinder {
  constructor(
    private readonly accessTokens: AccessTokenStore,
    private readonly accessTokenStrategies: AccessTokenStrategies,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly grantTokens: GrantTokenCodec,
  ) {}

  async find(token: string): Promise<FoundToken | undefined> {
    const refreshKey = this.grantTokens.refreshTokenKey(token);
    if (refreshKey !== undefined) {
      const record = await this.refreshTokens.find(refreshKey);
      return record?.active ? { use: 'refresh_token', record } : undefined;
    }
    const key = this.accessTokenStrategies.keyOf(token);
    const record = key === undefined ? undefined : await this.accessTokens.find(key);
    return record ? { use: 'access_token', record } : undefined;
  }

  /**
   * Revokes the whole grant chain of a token: every access and refresh token issued from one
   * consent (RFC 7009 §2.1 "SHOULD also invalidate…"; RFC 6749 §4.1.2, §10.4 on reuse).
   */
  async revokeChain(requestId: string): Promise<void> {
    await this.refreshTokens.deleteByRequestId(requestId);
    await this.accessTokens.deleteByRequestId(requestId);
  }
}
