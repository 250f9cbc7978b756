import { describe, expect, it } from 'vitest';
import { DsnError, forMaintenance, parseDsn } from './dsn';

describe('parseDsn', () => {
  it('reads memory and SQLite files, dropping Hydra query parameters', () => {
    expect(parseDsn('memory')).toMatchObject({
      engine: 'sqlite',
      inMemory: true,
      options: { database: ':memory:' },
    });
    expect(parseDsn('sqlite:///var/lib/tessera/db.sqlite?_fk=true&mode=rwc')).toMatchObject({
      engine: 'sqlite',
      inMemory: false,
      file: '/var/lib/tessera/db.sqlite',
    });
    expect(parseDsn('sqlite://data/tessera.sqlite').file).toBe('data/tessera.sqlite');
    expect(parseDsn('sqlite://file::memory:?cache=shared').inMemory).toBe(true);
  });

  it("maps Hydra's pool parameters onto node-postgres and keeps the rest of the URL", () => {
    const parsed = parseDsn(
      'postgres://hydra:secret@db:5432/hydra?sslmode=disable&max_conns=20&max_idle_conns=4&max_conn_lifetime=1h&max_conn_idle_time=30s',
    );
    expect(parsed.engine).toBe('postgres');
    expect(parsed.options).toMatchObject({
      url: 'postgres://hydra:secret@db:5432/hydra?sslmode=disable',
      extra: { max: 20, maxLifetimeSeconds: 3600, idleTimeoutMillis: 30_000 },
    });
    expect(parseDsn('postgresql://db/x').engine).toBe('postgres');
  });

  it('fails fast by default: 2 s to connect, 2 s per statement, timed-out connections discarded', () => {
    const parsed = parseDsn('postgres://hydra:secret@db:5432/hydra?sslmode=disable');
    expect(parsed.queryTimeoutSet).toBe(false);
    expect(parsed.options).toMatchObject({
      url: 'postgres://hydra:secret@db:5432/hydra?sslmode=disable',
      connectTimeoutMS: 2_000,
      extra: { max: 10, connectionTimeoutMillis: 2_000, query_timeout: 2_000, keepAlive: true },
    });
    expect(typeof (parsed.options.extra as { onConnect?: unknown }).onConnect).toBe('function');
  });

  it('takes connect_timeout (seconds, as libpq and Hydra) and query_timeout from the DSN', () => {
    const parsed = parseDsn('postgres://db/hydra?connect_timeout=10&query_timeout=30s&max_conns=5');
    expect(parsed.queryTimeoutSet).toBe(true);
    expect(parsed.options).toMatchObject({
      url: 'postgres://db/hydra',
      connectTimeoutMS: 10_000,
      extra: { max: 5, connectionTimeoutMillis: 10_000, query_timeout: 30_000 },
    });
    expect(() => parseDsn('postgres://db/hydra?connect_timeout=ten')).toThrow(DsnError);
  });

  it('lets maintenance commands run long statements unless the DSN limits them', () => {
    const defaulted = forMaintenance(parseDsn('postgres://db/hydra'));
    expect(defaulted.options.extra).not.toHaveProperty('query_timeout');
    expect(defaulted.options).toMatchObject({ connectTimeoutMS: 2_000 });
    const explicit = forMaintenance(parseDsn('postgres://db/hydra?query_timeout=1m'));
    expect(explicit.options.extra).toMatchObject({ query_timeout: 60_000 });
    const sqlite = parseDsn('memory');
    expect(forMaintenance(sqlite)).toBe(sqlite);
  });

  it.each(['mysql://root@db/hydra', 'cockroach://db/x', 'redis://x', 'nonsense', ''])(
    'refuses %j with a clear message',
    (dsn) => {
      expect(() => parseDsn(dsn)).toThrow(DsnError);
    },
  );
});
