import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type QueryRunner,
  type Repository,
} from 'typeorm';
import { EntityStatements } from './entity-statements';

/**
 * Units of work (DESIGN §2): `run(work)` executes `work` in one database transaction, and every
 * store that asks `repository()` inside it takes part — without passing a manager around. Outside
 * a unit of work, stores use the pool as usual. Every instance on one DataSource shares the same
 * state, so a unit of work started by one lib is seen by the stores of another.
 */
@Injectable()
export class Transactions {
  private readonly state: UnitOfWorkState;

  constructor(private readonly dataSource: DataSource) {
    this.state = UnitOfWorkState.of(dataSource);
  }

  /** Runs `work` in a transaction; nested calls join the outer one. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.state.current.getStore()) return work();
    return this.begin(work);
  }

  /** `run`, handing `work` the transaction's entity manager. */
  withManager<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run(() => work(this.state.current.getStore() as EntityManager));
  }

  /**
   * A transaction of its own even inside a unit of work, so that its failure (a lost race, say)
   * cannot abort the surrounding one. SQLite has a single connection: there it joins.
   */
  independently<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.state.current.getStore();
    if (outer && this.state.serializer) return work(outer);
    return this.begin(() => work(this.state.current.getStore() as EntityManager));
  }

  /** Whether the caller runs inside a unit of work. */
  get inUnitOfWork(): boolean {
    return this.state.current.getStore() !== undefined;
  }

  /** The current transaction's entity manager, or the pool's outside a unit of work. */
  get manager(): EntityManager {
    return this.state.current.getStore() ?? this.dataSource.manager;
  }

  /** The prepared hot-path statements of `entity` (run them with `manager`). */
  statements<T extends ObjectLiteral>(entity: EntityTarget<T>): EntityStatements<T> {
    return EntityStatements.of(this.dataSource, entity);
  }

  /** The repository of `entity`, bound to the current transaction if there is one. */
  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return (this.state.current.getStore() ?? this.dataSource.manager).getRepository(entity);
  }

  private begin<T>(work: () => Promise<T>): Promise<T> {
    const transaction = () =>
      this.dataSource.transaction((manager) => this.state.current.run(manager, work));
    return this.state.serializer ? this.state.serializer.run(transaction) : transaction();
  }
}

class UnitOfWorkState {
  private static readonly instances = new WeakMap<DataSource, UnitOfWorkState>();
  readonly current = new AsyncLocalStorage<EntityManager>();

  private constructor(readonly serializer: SqliteSerializer | undefined) {}

  static of(dataSource: DataSource): UnitOfWorkState {
    let state = this.instances.get(dataSource);
    if (!state) {
      const sqlite = dataSource.options.type === 'better-sqlite3';
      // The SQLite driver hands out one query runner: the connection.
      state = new UnitOfWorkState(
        sqlite ? new SqliteSerializer(dataSource.driver.createQueryRunner('master')) : undefined,
      );
      this.instances.set(dataSource, state);
    }
    return state;
  }
}

/**
 * SQLite has one connection, shared by every request. A transaction left open across `await`s
 * would otherwise absorb the statements of unrelated requests (and roll them back with it), and a
 * second transaction would nest inside the first. So on SQLite transactions take turns, and
 * statements from outside the running transaction wait until it ends.
 */
class SqliteSerializer {
  private readonly owner = new AsyncLocalStorage<true>();
  private queue: Promise<void> = Promise.resolve();
  /** Settles when the running transaction ends; `undefined` when none runs. */
  private running: Promise<void> | undefined;

  constructor(runner: QueryRunner) {
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    const gated = async (...args: unknown[]): Promise<unknown> => {
      while (this.running && !this.owner.getStore()) await this.running;
      return query(...args);
    };
    runner.query = gated as QueryRunner['query'];
  }

  async run<T>(transaction: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    this.running = turn;
    try {
      return await this.owner.run(true, transaction);
    } finally {
      this.running = undefined;
      release();
    }
  }
}
