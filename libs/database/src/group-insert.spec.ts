import { describe, expect, it } from 'vitest';
import { GroupInsert, type RowsInserter } from './group-insert';

interface Row {
  id: string;
}

/** Statements whose INSERTs complete only when the test says so. */
function controlledStatements(
  failWhen: (rows: readonly Row[]) => boolean = () => false,
  failure = () => new Error('unique violation'),
) {
  const statements: Array<{ rows: string[]; commit(): void }> = [];
  const fake = {
    insert: (rows: readonly Row[]) =>
      new Promise<void>((resolve, reject) => {
        statements.push({
          rows: rows.map((row) => row.id),
          commit: () => (failWhen(rows) ? reject(failure()) : resolve()),
        });
      }),
  } satisfies RowsInserter<Row>;
  return { fake, statements };
}

const settled = (promise: Promise<unknown>) => {
  const state = { done: false, failed: false };
  promise.then(
    () => (state.done = true),
    () => (state.failed = true),
  );
  return state;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupInsert', () => {
  it('sends the rows that arrive during a write together in the next statement', async () => {
    const { fake, statements } = controlledStatements();
    const group = new GroupInsert(fake);
    const first = settled(group.insert({ id: 'a' }));
    const later = ['b', 'c', 'd'].map((id) => settled(group.insert({ id })));
    await tick();
    expect(statements.map((statement) => statement.rows)).toEqual([['a']]);
    statements[0].commit();
    await tick();
    expect(first.done).toBe(true);
    expect(statements[1].rows).toEqual(['b', 'c', 'd']);
    // Durability: nobody hears "written" before the statement carrying its row has committed.
    expect(later.some((state) => state.done)).toBe(false);
    statements[1].commit();
    await tick();
    expect(later.every((state) => state.done)).toBe(true);
  });

  it('retries a failed shared statement row by row, so only the row at fault fails', async () => {
    const { fake, statements } = controlledStatements((rows) =>
      rows.some((row) => row.id === 'bad'),
    );
    const group = new GroupInsert(fake);
    const blocker = settled(group.insert({ id: 'first' }));
    const outcomes = ['ok-1', 'bad', 'ok-2'].map((id) => settled(group.insert({ id })));
    await tick();
    statements[0].commit();
    await tick();
    statements[1].commit(); // the shared statement fails
    for (let index = 2; index < 5; index++) {
      await tick();
      statements[index].commit();
    }
    await tick();
    expect(blocker.done).toBe(true);
    expect(statements.slice(2).map((statement) => statement.rows)).toEqual([
      ['ok-1'],
      ['bad'],
      ['ok-2'],
    ]);
    expect(outcomes.map((state) => state.done)).toEqual([true, false, true]);
    expect(outcomes[1].failed).toBe(true);
  });

  it('fails the rows of a statement the database never answered, and those waiting, at once', async () => {
    const { fake, statements } = controlledStatements(
      (rows) => rows[0].id === 'lost',
      () => new Error('Query read timeout'),
    );
    const group = new GroupInsert(fake);
    const lost = settled(group.insert({ id: 'lost' }));
    const waiting = ['w-1', 'w-2'].map((id) => settled(group.insert({ id })));
    await tick();
    statements[0].commit(); // the statement times out: the database is unreachable
    await tick();
    expect(lost.failed).toBe(true);
    expect(waiting.every((state) => state.failed)).toBe(true);
    expect(statements).toHaveLength(1); // no statement per row, none for the waiting rows
    const next = settled(group.insert({ id: 'next' }));
    await tick();
    statements[1].commit(); // later rows are written as usual
    await tick();
    expect(next.done).toBe(true);
  });
});
