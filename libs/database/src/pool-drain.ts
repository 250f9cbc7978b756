import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

/** How long shutdown waits for statements in progress before closing the pool anyway. */
export const POOL_DRAIN_LIMIT_MS = 5_000;
const POLL_MS = 20;

/** The counts node-postgres' pool keeps (absent on SQLite, which has no pool). */
interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * Closes `dataSource` once none of its connections is in use, or after `limitMs`; returns how
 * many were still in use then. TypeORM's `destroy()` hands every connection back at once, even
 * one whose statement is still running. At shutdown that happens to a request whose client hung
 * up: its socket is gone, so the HTTP server no longer waits for it, but its transaction is still
 * on the wire — it would be cut off, and its busy connection lent to another query runner
 * meanwhile (node-postgres queues the second statement behind the first, and will refuse it in
 * its next major version). Waiting lets that work commit or roll back by itself; the limit keeps
 * a stuck statement from holding shutdown.
 */
export async function closeWhenIdle(
  dataSource: DataSource,
  limitMs = POOL_DRAIN_LIMIT_MS,
): Promise<number> {
  const pool = (dataSource.driver as { master?: Partial<PoolCounts> }).master;
  const inUse = () =>
    typeof pool?.totalCount === 'number'
      ? pool.totalCount - (pool.idleCount ?? 0) + (pool.waitingCount ?? 0)
      : 0;
  const deadline = Date.now() + limitMs;
  while (inUse() > 0 && Date.now() < deadline) await sleep(POLL_MS);
  const left = inUse();
  if (dataSource.isInitialized) await dataSource.destroy();
  return left;
}
