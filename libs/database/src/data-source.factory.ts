import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { parseDsn, type ParsedDsn } from './dsn';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export const MIGRATIONS_TABLE = 'schema_migrations';

export interface DataSourceParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
}

/**
 * A TypeORM DataSource for a DSN. Never synchronizes: the schema only changes through the
 * migrations in `migrations/`.
 */
export function createDataSource(dsn: string | ParsedDsn, parts: DataSourceParts): DataSource {
  const parsed = typeof dsn === 'string' ? parseDsn(dsn) : dsn;
  // SQLite creates the file but not its directory.
  if (parsed.file) mkdirSync(dirname(parsed.file), { recursive: true });
  return new DataSource({
    ...parsed.options,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  });
}
