import { NANOS_PER_MILLI, parseGoDuration } from '@tessera/kernel';
import { DsnError } from './dsn-error';

/**
 * How long a new connection may take. Short enough that a request waiting for one still answers
 * within 3 s when the database is unreachable (issue "hardening", database faults).
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

/**
 * How long one statement may wait for the database's answer before the client gives up. The
 * hot path's statements take milliseconds; this bounds requests when the network black-holes.
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 2_000;

/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days). */
const MAX_TIMEOUT_NANOS = BigInt(2 ** 31 - 1) * NANOS_PER_MILLI;

/** The client-side time limits of a PostgreSQL connection, in milliseconds; 0 means none. */
export interface PostgresTimeouts {
  readonly connectMs: number;
  readonly queryMs: number;
  /** Whether the DSN gave `query_timeout` itself (maintenance commands drop only the default). */
  readonly querySet: boolean;
}

/**
 * Removes the timeout parameters from a postgres DSN and reads them: `connect_timeout` (libpq's
 * and pgx's, so Hydra DSNs carry it over) and Tessera's `query_timeout`. Each is whole seconds
 * (`connect_timeout=5`, as libpq writes it) or a Go duration (`1500ms`, `2s`); `0` turns it off.
 */
export function takeTimeouts(url: URL): PostgresTimeouts {
  const connect = take(url, 'connect_timeout');
  const query = take(url, 'query_timeout');
  return {
    connectMs:
      connect === null ? DEFAULT_CONNECT_TIMEOUT_MS : timeoutMs('connect_timeout', connect),
    queryMs: query === null ? DEFAULT_QUERY_TIMEOUT_MS : timeoutMs('query_timeout', query),
    querySet: query !== null,
  };
}

function take(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  url.searchParams.delete(name);
  return value;
}

/** `5` (seconds) or a non-negative Go duration, in milliseconds rounded up. */
export function timeoutMs(name: string, value: string): number {
  const nanos = /^\d+$/.test(value)
    ? BigInt(value) * 1_000n * NANOS_PER_MILLI
    : parseGoDuration(value);
  if (nanos === undefined || nanos < 0n || nanos > MAX_TIMEOUT_NANOS) {
    throw new DsnError(
      `${name} must be whole seconds or a duration such as 2s or 500ms (got "${value}")`,
    );
  }
  return Number((nanos + NANOS_PER_MILLI - 1n) / NANOS_PER_MILLI);
}
