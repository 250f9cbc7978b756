import { describe, expect, it } from 'vitest';
import { DsnError, parseDsn } from './dsn';

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

  it.each(['mysql://root@db/hydra', 'cockroach://db/x', 'redis://x', 'nonsense', ''])(
    'refuses %j with a clear message',
    (dsn) => {
      expect(() => parseDsn(dsn)).toThrow(DsnError);
    },
  );
});
