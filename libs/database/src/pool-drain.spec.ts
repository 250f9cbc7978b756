import type { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { closeWhenIdle } from './pool-drain';

interface FakePool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function fakeDataSource(master?: FakePool) {
  const destroy = vi.fn(async () => undefined);
  const dataSource = { driver: { master }, isInitialized: true, destroy };
  return { dataSource: dataSource as unknown as DataSource, destroy };
}

describe('closeWhenIdle', () => {
  it('waits until no connection is in use, then closes', async () => {
    const pool = { totalCount: 3, idleCount: 1, waitingCount: 1 };
    const { dataSource, destroy } = fakeDataSource(pool);
    setTimeout(() => Object.assign(pool, { idleCount: 2, waitingCount: 0 }), 60);
    setTimeout(() => {
      expect(destroy).not.toHaveBeenCalled();
      pool.idleCount = 3;
    }, 120);
    expect(await closeWhenIdle(dataSource, 5_000)).toBe(0);
    expect(destroy).toHaveBeenCalledOnce();
    expect(pool.idleCount).toBe(3);
  });

  it('closes after the limit when a statement never ends, and says how many were in use', async () => {
    const { dataSource, destroy } = fakeDataSource({
      totalCount: 2,
      idleCount: 0,
      waitingCount: 0,
    });
    expect(await closeWhenIdle(dataSource, 50)).toBe(2);
    expect(destroy).toHaveBeenCalledOnce();
  });

  it('closes at once without a pool (SQLite)', async () => {
    const { dataSource, destroy } = fakeDataSource();
    expect(await closeWhenIdle(dataSource, 5_000)).toBe(0);
    expect(destroy).toHaveBeenCalledOnce();
  });
});
