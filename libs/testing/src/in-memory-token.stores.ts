import {
  AccessTokenStore,
  type AuthorizationCodeRecord,
  AuthorizationCodeStore,
  type ConsumeOutcome,
  JtiStore,
  type RefreshTokenRecord,
  RefreshTokenStore,
  type TokenRecord,
} from '@tessera/oauth2';

/** Records by key, copied in and out so callers never share state with the store. */
class RecordMap<T extends TokenRecord> {
  private readonly records = new Map<string, T>();

  add(record: T): void {
    if (this.records.has(record.key)) throw new Error(`duplicate token key ${record.key}`);
    this.records.set(record.key, structuredClone(record));
  }

  get(key: string): T | undefined {
    const record = this.records.get(key);
    return record ? structuredClone(record) : undefined;
  }

  update(key: string, change: Partial<T>): void {
    const record = this.records.get(key);
    if (record) this.records.set(key, { ...record, ...change });
  }

  delete(key: string): boolean {
    return this.records.delete(key);
  }

  deleteWhere(matches: (record: T) => boolean): number {
    let deleted = 0;
    for (const [key, record] of this.records) {
      if (matches(record)) deleted += this.records.delete(key) ? 1 : 0;
    }
    return deleted;
  }
}

/** The in-memory twin of `TypeOrmAccessTokenStore`; passes the same contract. */
export class InMemoryAccessTokenStore extends AccessTokenStore {
  private readonly records = new RecordMap<TokenRecord>();

  async create(record: TokenRecord): Promise<void> {
    this.records.add(record);
  }

  async find(key: string): Promise<TokenRecord | undefined> {
    return this.records.get(key);
  }

  async delete(key: string): Promise<boolean> {
    return this.records.delete(key);
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return this.records.deleteWhere((record) => record.requestId === requestId);
  }

  async deleteByClientId(clientId: string): Promise<number> {
    return this.records.deleteWhere((record) => record.clientId === clientId);
  }
}

/** The in-memory twin of `TypeOrmRefreshTokenStore`. */
export class InMemoryRefreshTokenStore extends RefreshTokenStore {
  private readonly records = new RecordMap<RefreshTokenRecord>();

  async create(record: RefreshTokenRecord): Promise<void> {
    this.records.add(record);
  }

  async find(key: string): Promise<RefreshTokenRecord | undefined> {
    return this.records.get(key);
  }

  async consume(key: string, usedAt: Date, retainUntil: Date): Promise<ConsumeOutcome> {
    const record = this.records.get(key);
    if (!record) return 'missing';
    if (!record.active) return 'already-used';
    this.records.update(key, { active: false, usedAt, usedTimes: 1, expiresAt: retainUntil });
    return 'consumed';
  }

  async recordReuse(key: string): Promise<void> {
    const record = this.records.get(key);
    if (record) this.records.update(key, { usedTimes: record.usedTimes + 1 });
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return this.records.deleteWhere((record) => record.requestId === requestId);
  }
}

/** The in-memory twin of `TypeOrmAuthorizationCodeStore`. */
export class InMemoryAuthorizationCodeStore extends AuthorizationCodeStore {
  private readonly records = new RecordMap<AuthorizationCodeRecord>();

  async create(record: AuthorizationCodeRecord): Promise<void> {
    this.records.add(record);
  }

  async find(key: string): Promise<AuthorizationCodeRecord | undefined> {
    return this.records.get(key);
  }

  async consume(key: string, retainUntil: Date): Promise<ConsumeOutcome> {
    const record = this.records.get(key);
    if (!record) return 'missing';
    if (!record.active) return 'already-used';
    this.records.update(key, { active: false, expiresAt: retainUntil });
    return 'consumed';
  }

  async deleteByRequestId(requestId: string): Promise<number> {
    return this.records.deleteWhere((record) => record.requestId === requestId);
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
