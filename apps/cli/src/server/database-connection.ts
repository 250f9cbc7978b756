import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource, forMaintenance, type ParsedDsn } from '@tessera/database';
import { SCHEMA } from '@tessera/schema';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * Opens the database, retrying with exponential backoff while it is unreachable (a server that
 * starts before its database simply waits). Each failed attempt is logged.
 */
export async function connectWithRetry(
  dsn: ParsedDsn,
  logger: Logger,
  stopped: () => boolean = () => false,
): Promise<DataSource | undefined> {
  let delay = FIRST_RETRY_MS;
  for (let attempt = 1; !stopped(); attempt++) {
    const dataSource = createDataSource(dsn, SCHEMA);
    try {
      await dataSource.initialize();
      if (attempt > 1) logger.info({ attempt }, 'Connected to the database');
      return dataSource;
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      logger.error(
        { attempt, error: (error as Error).message, retryInMs: delay },
        `Could not connect to the ${dsn.engine} database; retrying`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
  return undefined;
}

/**
 * Opens the database once, without retrying, for the maintenance commands (`migrate`,
 * `janitor`): their statements may run long, so only a `query_timeout` the DSN sets applies.
 */
export async function connectOnce(dsn: ParsedDsn): Promise<DataSource> {
  const dataSource = createDataSource(forMaintenance(dsn), SCHEMA);
  await dataSource.initialize();
  return dataSource;
}
