import { Injectable } from '@nestjs/common';
import { Transactions } from '@tessera/database';
import { AccessTokenStore } from './access-token.store';
import { OAuth2AccessTokenEntity } from './oauth2-access-token.entity';
import type { TokenRecord } from './token-records';
import { TokenSessionSealer } from './token-session.sealer';
import { fromTokenRow, toTokenRow } from './token-row';

/** `AccessTokenStore` on TypeORM: one INSERT per token, one SELECT by primary key per lookup. */
@Injectable()
export class TypeOrmAccessTokenStore extends AccessTokenStore {
  constructor(
    private readonly transactions: Transactions,
    private readonly sealer: TokenSessionSealer,
  ) {
    super();
  }

  private get statements() {
    return this.transactions.statements(OAuth2AccessTokenEntity);
  }

  private get tokens() {
    return this.transactions.repository(OAuth2AccessTokenEntity);
  }

  async create(record: TokenRecord): Promise<void> {
    const row = toTokenRow(record, this.sealer);
    // A token issued on its own (client_credentials) joins the INSERT of concurrent requests; one
    // issued with other writes stays in its unit of work.
    if (this.transactions.inUnitOfWork) {
      await this.statements.insert([row], this.transactions.manager);
    } else {
      await this.statements.grouped.insert(row);
    }
  }

  async find(key: string): Promise<TokenRecord | undefined> {
    const row = await this.statements.findByKey(key, this.transactions.manager);
    return row ? fromTokenRow(row, this.sealer) : undefined;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.tokens.delete({ signature: key })).affected === 1;
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return (await this.tokens.delete({ requestId })).affected ?? 0;
  }

  async deleteByClientId(clientId: string): Promise<number> {
    return (await this.tokens.delete({ clientId })).affected ?? 0;
  }
}
