import type { DataSourceOptions } from 'typeorm';
import { DsnError } from './dsn-error';
import { failFastPoolOptions } from './fail-fast-pool';
import { takeTimeouts } from './postgres-timeouts';

export { DsnError } from './dsn-error';

export type DatabaseEngine = 'sqlite' | 'postgres';

/** What a DSN means: the engine and the TypeORM options to reach it. */
export interface ParsedDsn {
  readonly engine: DatabaseEngine;
  /** `memory` databases die with the process, so they always migrate themselves. */
  readonly inMemory: boolean;
  /** The SQLite file, when there is one. */
  readonly file?: string;
  readonly options: DataSourceOptions;
  /** PostgreSQL: whether the DSN set `query_timeout` itself rather than taking the default. */
  readonly queryTimeoutSet?: boolean;
}

/**
 * Interprets Hydra's DSN forms (hydra-compat §5.3): `memory`, `sqlite://PATH[?…]`,
 * `postgres://…` / `postgresql://…` with Hydra's pool parameters (`max_conns`,
 * `max_idle_conns`, `max_conn_lifetime`, `max_conn_idle_time`), libpq's `connect_timeout` and
 * Tessera's `query_timeout` (see `takeTimeouts`).
 */
export function parseDsn(dsn: string): ParsedDsn {
  if (dsn === 'memory') return sqlite(':memory:');
  if (dsn.startsWith('sqlite://')) return parseSqlite(dsn);
  if (dsn.startsWith('postgres://') || dsn.startsWith('postgresql://')) return parsePostgres(dsn);
  const scheme = /^([a-z0-9+]+):/i.exec(dsn)?.[1];
  if (scheme === 'mysql' || scheme === 'cockroach' || scheme === 'crdb') {
    throw new DsnError(
      `${scheme} databases are not supported yet; use postgres://…, sqlite://PATH or memory`,
    );
  }
  throw new DsnError('must be memory, sqlite://PATH or postgres://…');
}

function parseSqlite(dsn: string): ParsedDsn {
  const path = dsn.slice('sqlite://'.length).split('?')[0];
  if (path === ':memory:' || path === 'file::memory:' || path === '') return sqlite(':memory:');
  return sqlite(path.startsWith('file:') ? path.slice('file:'.length) : path);
}

function sqlite(database: string): ParsedDsn {
  const inMemory = database === ':memory:';
  return {
    engine: 'sqlite',
    inMemory,
    file: inMemory ? undefined : database,
    options: {
      type: 'better-sqlite3',
      database,
      enableWAL: !inMemory,
      timeout: 5_000,
    },
  };
}

function parsePostgres(dsn: string): ParsedDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new DsnError('is not a valid postgres:// URL');
  }
  const pool = takePoolParameters(url);
  const timeouts = takeTimeouts(url);
  return {
    engine: 'postgres',
    inMemory: false,
    queryTimeoutSet: timeouts.querySet,
    options: {
      type: 'postgres',
      url: url.toString(),
      connectTimeoutMS: timeouts.connectMs,
      extra: { ...failFastPoolOptions(timeouts), ...pool },
    },
  };
}

/**
 * The DSN for maintenance commands (`migrate`, `janitor`), whose statements may legitimately run
 * for minutes: without the default query timeout, unless the DSN set one.
 */
export function forMaintenance(parsed: ParsedDsn): ParsedDsn {
  if (parsed.options.type !== 'postgres' || parsed.queryTimeoutSet) return parsed;
  const { query_timeout: _dropped, ...extra } = parsed.options.extra as Record<string, unknown>;
  return { ...parsed, options: { ...parsed.options, extra } };
}

/** Removes Hydra's pool parameters from the URL and maps them onto node-postgres pool options. */
function takePoolParameters(url: URL): Record<string, number> {
  const pool: Record<string, number> = { max: 10 };
  const take = (name: string): string | null => {
    const value = url.searchParams.get(name);
    url.searchParams.delete(name);
    return value;
  };
  const maxConns = take('max_conns');
  take('max_idle_conns');
  const lifetime = take('max_conn_lifetime');
  const idle = take('max_conn_idle_time');
  if (maxConns !== null && Number(maxConns) > 0) pool.max = Number(maxConns);
  const lifetimeSeconds = goSeconds(lifetime);
  if (lifetimeSeconds) pool.maxLifetimeSeconds = lifetimeSeconds;
  const idleSeconds = goSeconds(idle);
  if (idleSeconds) pool.idleTimeoutMillis = idleSeconds * 1000;
  return pool;
}

/** `max_conn_lifetime=1h` style values, in whole seconds. */
function goSeconds(value: string | null): number | undefined {
  const match = value ? /^(\d+)(s|m|h)$/.exec(value) : null;
  if (!match) return undefined;
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}
