import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntityTarget,
  ObjectLiteral,
} from 'typeorm';
import { GroupInsert } from './group-insert';

/**
 * The statements of the hot paths — one row by primary key, rows inserted — written once per
 * entity from TypeORM's metadata instead of built per call. A repository call builds its SQL,
 * aliases and result mapping on every request, which a profile of the token endpoint showed as
 * the largest single cost; these run the same SQL with the driver's own value conversions
 * (`preparePersistentValue` / `prepareHydratedValue`, transformers included), so rows read and
 * written here are the rows a repository would read and write.
 */
export class EntityStatements<T extends ObjectLiteral> {
  private static readonly perDatabase = new WeakMap<DataSource, Map<unknown, unknown>>();

  private readonly metadata: EntityMetadata;
  private readonly columns: readonly ColumnMetadata[];
  private readonly selectByKey: string;
  private readonly insertInto: string;
  private readonly placeholder: (index: number) => string;
  /** Inserts of single rows outside any transaction, grouped (see `GroupInsert`). */
  readonly grouped: GroupInsert<T> = new GroupInsert(this);

  private constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(entity);
    this.columns = this.metadata.columns.filter((column) => !column.isVirtual);
    const [key, ...more] = this.metadata.primaryColumns;
    if (!key || more.length) throw new Error(`${this.metadata.name} needs one primary column`);
    const escape = (name: string) => dataSource.driver.escape(name);
    this.placeholder =
      dataSource.options.type === 'postgres' ? (index) => `$${index + 1}` : () => '?';
    const table = this.metadata.tablePath.split('.').map(escape).join('.');
    const names = this.columns.map((column) => escape(column.databaseName)).join(', ');
    this.selectByKey = `SELECT ${names} FROM ${table} WHERE ${escape(key.databaseName)} = ${this.placeholder(0)}`;
    this.insertInto = `INSERT INTO ${table} (${names}) VALUES `;
  }

  /** The statements of `entity` on `dataSource`, written on first use. */
  static of<T extends ObjectLiteral>(
    dataSource: DataSource,
    entity: EntityTarget<T>,
  ): EntityStatements<T> {
    let entities = EntityStatements.perDatabase.get(dataSource);
    if (!entities) EntityStatements.perDatabase.set(dataSource, (entities = new Map()));
    let statements = entities.get(entity) as EntityStatements<T> | undefined;
    if (!statements) entities.set(entity, (statements = new EntityStatements(dataSource, entity)));
    return statements;
  }

  /** The row with this primary key, or `undefined`; `manager` is the transaction's, if any. */
  async findByKey(key: string, manager?: EntityManager): Promise<T | undefined> {
    const rows = (await (manager ?? this.dataSource.manager).query(this.selectByKey, [
      key,
    ])) as Record<string, unknown>[];
    return rows.length ? this.hydrate(rows[0]) : undefined;
  }

  /** Inserts `entities` with one statement: all of them, or none. */
  async insert(entities: readonly T[], manager?: EntityManager): Promise<void> {
    if (!entities.length) return;
    const driver = this.dataSource.driver;
    const values: unknown[] = [];
    const tuples = entities.map((entity) => {
      const slots = this.columns.map((column) => {
        // Every column is written: the hot-path entities have no database defaults.
        const value = driver.preparePersistentValue(column.getEntityValue(entity), column);
        values.push(value === undefined ? null : value);
        return this.placeholder(values.length - 1);
      });
      return `(${slots.join(', ')})`;
    });
    await (manager ?? this.dataSource.manager).query(this.insertInto + tuples.join(', '), values);
  }

  private hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const column of this.columns) {
      const value = row[column.databaseName];
      column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(value, column));
    }
    return entity;
  }
}
