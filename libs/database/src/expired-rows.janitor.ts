import { Brackets, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Clock } from '@tessera/kernel';

/** What `tessera janitor` groups tables by (Hydra's `--tokens`, `--requests`, `--grants`). */
export type JanitorGroup = 'tokens' | 'requests' | 'grants';

/** A table whose rows are useless once expired, declared by the lib that owns it. */
export interface ExpirableTable {
  readonly group: JanitorGroup;
  /** Plural noun for messages, e.g. `access tokens`. */
  readonly label: string;
  readonly entity: EntityTarget<ObjectLiteral>;
  /** Property names of the primary key, the expiry and (optionally) the creation time. */
  readonly key: string;
  readonly expiresAt: string;
  /** A row expires this long after the time in `expiresAt` (a column holding a start); 0 if unset. */
  readonly expiresAfterMs?: number;
  readonly requestedAt?: string;
}

export interface JanitorLimits {
  /** Keep rows created less than this long ago, even when expired. */
  readonly keepIfYoungerMs: number;
  /** Delete at most this many rows per table in one run. */
  readonly limit: number;
  /** Rows per DELETE statement: short statements, short locks. */
  readonly batchSize: number;
}

/**
 * Deletes expired rows in small batches (select a batch of keys, delete them by key), so a large
 * backlog never holds long locks on tables the servers are using.
 */
export class ExpiredRowsJanitor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Deletes expired rows of one table; returns how many. */
  async clean(table: ExpirableTable, limits: JanitorLimits): Promise<number> {
    const now = this.clock.nowMs();
    const expiredBefore = now - (table.expiresAfterMs ?? 0);
    const repository = this.dataSource.getRepository(table.entity);
    const column = (property: string): string =>
      repository.metadata.findColumnWithPropertyPath(property)?.databaseName ?? property;
    let deleted = 0;
    while (deleted < limits.limit) {
      const batch = Math.min(limits.batchSize, limits.limit - deleted);
      const query = repository
        .createQueryBuilder('row')
        .select(`row.${table.key}`, 'key')
        .where(`row.${table.expiresAt} < :expiredBefore`, { expiredBefore })
        .orderBy(`row.${table.expiresAt}`, 'ASC')
        .limit(batch);
      if (table.requestedAt) {
        query.andWhere(
          new Brackets((where) =>
            where.where(`row.${table.requestedAt} < :cutoff`, {
              cutoff: now - limits.keepIfYoungerMs,
            }),
          ),
        );
      }
      const keys = (await query.getRawMany<{ key: string }>()).map((row) => row.key);
      if (keys.length === 0) break;
      // Still expired when deleted: a row taken again meanwhile (a jti reused after its expiry, a
      // failure count that moved to a new window) stays.
      await repository
        .createQueryBuilder()
        .delete()
        .where(`${column(table.key)} IN (:...keys)`, { keys })
        .andWhere(`${column(table.expiresAt)} < :expiredBefore`, { expiredBefore })
        .execute();
      deleted += keys.length;
      if (keys.length < batch) break;
    }
    return deleted;
  }
}
