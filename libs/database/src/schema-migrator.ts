import type { DataSource, MigrationInterface } from 'typeorm';
import { MIGRATIONS_TABLE } from './data-source.factory';

/** One migration and whether this database has applied it. */
export interface MigrationState {
  /** The 13-digit timestamp that orders migrations. */
  readonly version: string;
  readonly name: string;
  readonly applied: boolean;
}

/**
 * Explicit schema migrations (`tessera migrate sql up|down|status`). Reading the status never
 * writes: a database that was never migrated simply has every migration pending.
 */
export class SchemaMigrator {
  constructor(private readonly dataSource: DataSource) {}

  async status(): Promise<MigrationState[]> {
    const applied = new Set(await this.appliedNames());
    return this.dataSource.migrations
      .map((migration) => describe(migration))
      .sort((a, b) => a.version.localeCompare(b.version))
      .map((migration) => ({ ...migration, applied: applied.has(migration.name) }));
  }

  async pending(): Promise<MigrationState[]> {
    return (await this.status()).filter((migration) => !migration.applied);
  }

  /** Applies every pending migration, each in its own transaction; returns what was applied. */
  async up(): Promise<MigrationState[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => ({
      version: String(migration.timestamp),
      name: migration.name,
      applied: true,
    }));
  }

  /** Reverts the last `steps` applied migrations, newest first; returns what was reverted. */
  async down(steps: number): Promise<MigrationState[]> {
    const applied = (await this.status()).filter((migration) => migration.applied).reverse();
    const reverted = applied.slice(0, steps);
    for (let i = 0; i < reverted.length; i++) {
      await this.dataSource.undoLastMigration({ transaction: 'each' });
    }
    return reverted.map((migration) => ({ ...migration, applied: false }));
  }

  private async appliedNames(): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable(MIGRATIONS_TABLE))) return [];
      const rows: Array<{ name: string }> = await runner.query(
        `SELECT name FROM ${MIGRATIONS_TABLE}`,
      );
      return rows.map((row) => row.name);
    } finally {
      await runner.release();
    }
  }
}

function describe(migration: MigrationInterface): { version: string; name: string } {
  const name = migration.name ?? migration.constructor.name;
  const version = /(\d{13})$/.exec(name)?.[1] ?? '';
  return { version, name };
}
