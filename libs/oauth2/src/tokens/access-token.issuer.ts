import { Injectable } from '@nestjs/common';
import { Clock, randomUuid } from '@tessera/kernel';
import { AccessTokenStore } from './access-token.store';
import { AccessTokenStrategies } from './access-token.strategies';
import type { AccessTokenFormat } from './access-token.strategy';
import type { TokenSession } from './token-records';

/** What an access token is issued for. */
export interface AccessTokenGrant {
  readonly clientId: string;
  readonly subject: string;
  readonly grantedScope: readonly string[];
  readonly grantedAudience: readonly string[];
  readonly lifespanMs: number;
  readonly session: TokenSession;
  /** The grant chain; a new one when absent. */
  readonly requestId?: string;
  readonly format: AccessTokenFormat;
}

export interface IssuedAccessToken {
  readonly token: string;
  /** The storage key of its record. */
  readonly key: string;
  readonly expiresAt: Date;
  readonly requestId: string;
}

/** Mints an access token in the configured format and stores its record: one INSERT. */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly strategies: AccessTokenStrategies,
    private readonly store: AccessTokenStore,
    private readonly clock: Clock,
  ) {}

  async issue(grant: AccessTokenGrant): Promise<IssuedAccessToken> {
    const requestedAt = this.clock.now();
    const record = {
      requestId: grant.requestId ?? randomUuid(),
      clientId: grant.clientId,
      subject: grant.subject,
      grantedScope: grant.grantedScope,
      grantedAudience: grant.grantedAudience,
      session: grant.session,
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + grant.lifespanMs),
    };
    const { token, key } = await this.strategies.get(grant.format).mint(record);
    await this.store.create({ ...record, key });
    return { token, key, expiresAt: record.expiresAt, requestId: record.requestId };
  }
}
