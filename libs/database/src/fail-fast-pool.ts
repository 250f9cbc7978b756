import type { Client, PoolConfig } from 'pg';
import type { PostgresTimeouts } from './postgres-timeouts';

/** node-postgres' message when `query_timeout` passes without an answer. */
export const QUERY_TIMEOUT_MESSAGE = 'Query read timeout';

/** TCP keepalive probes on idle pooled connections, so middleboxes keep their state. */
const KEEPALIVE_INITIAL_DELAY_MS = 30_000;

/**
 * node-postgres pool options for a database that may become unreachable without a word (a
 * network partition: no FIN, no RST). A new connection gives up after `connectMs`, waiting for a
 * pooled one too; a statement gives up after `queryMs` (client-side, so it works when packets
 * vanish — PostgreSQL's `statement_timeout` cannot); and a connection whose statement timed out
 * is closed and leaves the pool rather than being reused.
 */
export function failFastPoolOptions(timeouts: PostgresTimeouts): PoolConfig {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    ...(timeouts.queryMs > 0 ? { query_timeout: timeouts.queryMs } : {}),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    // The pool hands every new connection over: its clients are `Client`s.
    onConnect: (client) => discardOnQueryTimeout(client as Client),
  };
}

/**
 * node-postgres answers a timed-out statement with an error but keeps waiting for its result on
 * the same connection, and the pool takes that connection back as healthy: every later statement
 * would queue behind the lost one, so the pool would never recover by itself. Ending the client
 * as soon as one of its statements times out closes the socket (the statement in flight cannot
 * be answered any more) and makes the pool discard it when it is released; what the connection
 * is asked afterwards (a transaction's ROLLBACK) fails at once. Watches the promise form of
 * `query`, the one TypeORM uses.
 */
export function discardOnQueryTimeout(client: Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const watched = (...args: unknown[]): unknown => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (isQueryTimeout(error)) client.end().catch(() => undefined);
      });
    }
    return result;
  };
  client.query = watched as Client['query'];
}

export function isQueryTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE;
}
