import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { Transactions } from './transactions';

describe('units of work on SQLite', () => {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  let transactions: Transactions;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE item (id TEXT PRIMARY KEY)');
    transactions = new Transactions(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  const ids = async () =>
    ((await dataSource.query('SELECT id FROM item ORDER BY id')) as Array<{ id: string }>).map(
      (row) => row.id,
    );

  it('keeps statements of other requests out of a transaction that rolls back', async () => {
    const failing = transactions.withManager(async (manager) => {
      await manager.query("INSERT INTO item (id) VALUES ('rolled-back')");
      await pause();
      throw new Error('boom');
    });
    const outsider = (async () => {
      await pause();
      await dataSource.query("INSERT INTO item (id) VALUES ('outsider')");
    })();
    await expect(failing).rejects.toThrow('boom');
    await outsider;
    expect(await ids()).toEqual(['outsider']);
  });

  it('runs concurrent transactions one after the other, and joins nested ones', async () => {
    const order: string[] = [];
    const work = (name: string) =>
      transactions.run(async () => {
        order.push(`${name} begins`);
        await pause();
        await transactions.withManager((manager) =>
          manager.query(`INSERT INTO item (id) VALUES ('${name}')`),
        );
        order.push(`${name} ends`);
      });
    await Promise.all([work('a'), work('b')]);
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends']);
    expect(await ids()).toEqual(['a', 'b', 'outsider']);
  });
});
