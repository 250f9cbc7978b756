import { Injectable } from '@nestjs/common';
import { Transactions } from '@tessera/database';
import {
  AuthorizationCodeStore,
  type ConsumeOutcome,
  RefreshTokenStore,
} from './grant-token.stores';
import { OAuth2AuthorizationCodeEntity } from './oauth2-authorization-code.entity';
import { OAuth2RefreshTokenEntity } from './oauth2-refresh-token.entity';
import type { AuthorizationCodeRecord, RefreshTokenRecord } from './token-records';
import { fromTokenRow, toTokenRow } from './token-row';
import { TokenSessionSealer } from './token-session.sealer';

/** `RefreshTokenStore` on TypeORM; single use is a conditional UPDATE, so the database decides races. */
@Injectable()
export class TypeOrmRefreshTokenStore extends RefreshTokenStore {
  constructor(
    private readonly transactions: Transactions,
    private readonly sealer: TokenSessionSealer,
  ) {
    super();
  }

  private get tokens() {
    return this.transactions.repository(OAuth2RefreshTokenEntity);
  }

  async create(record: RefreshTokenRecord): Promise<void> {
    await this.tokens.insert({
      ...toTokenRow(record, this.sealer),
      active: record.active,
      usedAt: record.usedAt ?? null,
      usedTimes: record.usedTimes,
      accessTokenKey: record.accessTokenKey,
    });
  }

  async find(key: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.tokens.findOneBy({ signature: key });
    const record = row ? fromTokenRow(row, this.sealer) : undefined;
    if (!row || !record) return undefined;
    return {
      ...record,
      active: row.active,
      usedAt: row.usedAt ?? undefined,
      usedTimes: row.usedTimes,
      accessTokenKey: row.accessTokenKey,
    };
  }

  async consume(key: string, usedAt: Date, retainUntil: Date): Promise<ConsumeOutcome> {
    const result = await this.tokens.update(
      { signature: key, active: true },
      { active: false, usedAt, usedTimes: 1, expiresAt: retainUntil },
    );
    if (result.affected === 1) return 'consumed';
    return (await this.tokens.existsBy({ signature: key })) ? 'already-used' : 'missing';
  }

  async recordReuse(key: string): Promise<void> {
    await this.tokens.increment({ signature: key }, 'usedTimes', 1);
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return (await this.tokens.delete({ requestId })).affected ?? 0;
  }
}

/** `AuthorizationCodeStore` on TypeORM; single use is a conditional UPDATE. */
@Injectable()
export class TypeOrmAuthorizationCodeStore extends AuthorizationCodeStore {
  constructor(
    private readonly transactions: Transactions,
    private readonly sealer: TokenSessionSealer,
  ) {
    super();
  }

  private get codes() {
    return this.transactions.repository(OAuth2AuthorizationCodeEntity);
  }

  async create(record: AuthorizationCodeRecord): Promise<void> {
    await this.codes.insert({
      ...toTokenRow(record, this.sealer),
      active: record.active,
      redirectUri: record.redirectUri,
      codeChallenge: record.codeChallenge,
    });
  }

  async find(key: string): Promise<AuthorizationCodeRecord | undefined> {
    const row = await this.codes.findOneBy({ signature: key });
    const record = row ? fromTokenRow(row, this.sealer) : undefined;
    if (!row || !record) return undefined;
    return {
      ...record,
      active: row.active,
      redirectUri: row.redirectUri,
      codeChallenge: row.codeChallenge,
    };
  }

  async consume(key: string, retainUntil: Date): Promise<ConsumeOutcome> {
    const result = await this.codes.update(
      { signature: key, active: true },
      { active: false, expiresAt: retainUntil },
    );
    if (result.affected === 1) return 'consumed';
    return (await this.codes.existsBy({ signature: key })) ? 'already-used' : 'missing';
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return (await this.codes.delete({ requestId })).affected ?? 0;
  }
}
