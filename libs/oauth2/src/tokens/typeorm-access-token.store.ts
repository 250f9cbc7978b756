import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { AccessTokenStore } from './access-token.store';
import { OAuth2AccessTokenEntity } from './oauth2-access-token.entity';
import type { TokenRecord } from './token-records';
import { TokenSessionSealer } from './token-session.sealer';

/** `AccessTokenStore` on TypeORM: one INSERT per token, one SELECT by primary key per lookup. */
@Injectable()
export class TypeOrmAccessTokenStore extends AccessTokenStore {
  private readonly tokens: Repository<OAuth2AccessTokenEntity>;

  constructor(
    dataSource: DataSource,
    private readonly sealer: TokenSessionSealer,
  ) {
    super();
    this.tokens = dataSource.getRepository(OAuth2AccessTokenEntity);
  }

  async create(record: TokenRecord): Promise<void> {
    await this.tokens.insert({
      signature: record.key,
      requestId: record.requestId,
      clientId: record.clientId,
      subject: record.subject,
      scope: record.grantedScope.join(' '),
      audience: [...record.grantedAudience],
      session: this.sealer.seal(record.session),
      requestedAt: record.requestedAt,
      expiresAt: record.expiresAt,
    });
  }

  async find(key: string): Promise<TokenRecord | undefined> {
    const row = await this.tokens.findOneBy({ signature: key });
    const session = row ? this.sealer.open(row.session) : undefined;
    if (!row || !session) return undefined;
    return {
      key: row.signature,
      requestId: row.requestId,
      clientId: row.clientId,
      subject: row.subject,
      grantedScope: row.scope === '' ? [] : row.scope.split(' '),
      grantedAudience: row.audience,
      session,
      requestedAt: row.requestedAt,
      expiresAt: row.expiresAt,
    };
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return (await this.tokens.delete({ requestId })).affected ?? 0;
  }

  async deleteByClientId(clientId: string): Promise<number> {
    return (await this.tokens.delete({ clientId })).affected ?? 0;
  }
}
