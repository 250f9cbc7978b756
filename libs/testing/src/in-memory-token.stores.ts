import { AccessTokenStore, JtiStore, type TokenRecord } from '@tessera/oauth2';

/** The in-memory twin of `TypeOrmAccessTokenStore`; passes the same contract. */
export class InMemoryAccessTokenStore extends AccessTokenStore {
  private readonly records = new Map<string, TokenRecord>();

  async create(record: TokenRecord): Promise<void> {
    if (this.records.has(record.key)) throw new Error(`duplicate token key ${record.key}`);
    this.records.set(record.key, structuredClone(record));
  }

  async find(key: string): Promise<TokenRecord | undefined> {
    const record = this.records.get(key);
    return record ? structuredClone(record) : undefined;
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return this.deleteWhere((record) => record.requestId === requestId);
  }

  async deleteByClientId(clientId: string): Promise<number> {
    return this.deleteWhere((record) => record.clientId === clientId);
  }

  private deleteWhere(matches: (record: TokenRecord) => boolean): number {
    let deleted = 0;
    for (const [key, record] of this.records) {
      if (matches(record)) deleted += this.records.delete(key) ? 1 : 0;
    }
    return deleted;
  }
}

/** The in-memory twin of `TypeOrmJtiStore`. */
export class InMemoryJtiStore extends JtiStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async consume(key: string, expiresAt: Date): Promise<boolean> {
    const until = this.seen.get(key);
    if (until !== undefined && until >= this.now()) return false;
    this.seen.set(key, expiresAt.getTime());
    return true;
  }
}
