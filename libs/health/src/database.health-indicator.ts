import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { SchemaMigrator } from '@tessera/database';

/** A readiness probe must answer quickly even when the database hangs. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** `database`: one round trip to the database. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  async check() {
    const indicator = this.indicators.check('database');
    try {
      if (!this.dataSource.isInitialized)
        throw new Error('the database connection is not established yet');
      await withTimeout(this.dataSource.query('SELECT 1'), 'the database did not answer in time');
      return indicator.up();
    } catch (error) {
      return indicator.down(errorText(error));
    }
  }
}

/** `migrations`: every migration this version knows has been applied. */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly migrator: SchemaMigrator,
  ) {}

  async check() {
    const indicator = this.indicators.check('migrations');
    if (!this.dataSource.isInitialized) return indicator.up();
    try {
      const pending = await withTimeout(
        this.migrator.pending(),
        'the migration status could not be read in time',
      );
      if (pending.length === 0) return indicator.up();
      return indicator.down(
        `migrations have not yet been fully applied: [${pending.map((m) => m.name).join(' ')}]`,
      );
    } catch (error) {
      return indicator.down(errorText(error));
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error && error.message !== ''
    ? error.message
    : 'the database is unreachable';
}

function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), HEALTH_CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
