import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TesseraSettings } from '@tessera/config';
import { AuthenticationFailureLedger } from '@tessera/kernel';
import { OAuth2AuthenticationFailureEntity } from './authentication-failure.entity';
import { EntityStatements } from './entity-statements';

/**
 * `AuthenticationFailureLedger` on TypeORM: one row per caller. Recording is one upsert, reading
 * one SELECT by primary key (`EntityStatements`). Callers are stored as an HMAC-SHA-256 of their
 * address under a key derived from the first system secret, so a database dump names no address
 * and every replica with the same `SECRETS_SYSTEM` finds the same row.
 */
export class TypeOrmAuthenticationFailureLedger extends AuthenticationFailureLedger {
  private static readonly perDatabase = new WeakMap<
    DataSource,
    TypeOrmAuthenticationFailureLedger
  >();

  private readonly statements: EntityStatements<OAuth2AuthenticationFailureEntity>;
  private readonly upsert: string;
  private readonly hashKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    systemSecret: string,
  ) {
    super();
    this.statements = EntityStatements.of(dataSource, OAuth2AuthenticationFailureEntity);
    this.upsert = upsertStatement(dataSource);
    this.hashKey = createHmac('sha256', systemSecret)
      .update('oauth2_authentication_failure')
      .digest();
  }

  /** The ledger of `dataSource`: one per process, whichever app asks first. */
  static of(dataSource: DataSource, systemSecret: string): TypeOrmAuthenticationFailureLedger {
    let ledger = TypeOrmAuthenticationFailureLedger.perDatabase.get(dataSource);
    if (!ledger) {
      ledger = new TypeOrmAuthenticationFailureLedger(dataSource, systemSecret);
      TypeOrmAuthenticationFailureLedger.perDatabase.set(dataSource, ledger);
    }
    return ledger;
  }

  async failures(key: string, windowStart: number): Promise<number> {
    const row = await this.statements.findByKey(this.storageKey(key));
    return row && row.windowStart.getTime() >= windowStart ? row.failures : 0;
  }

  async record(key: string, windowStart: number): Promise<void> {
    await this.dataSource.query(this.upsert, [this.storageKey(key), windowStart]);
  }

  /** The primary key a caller's row is kept under: 64 hex characters, whatever the address. */
  storageKey(key: string): string {
    return createHmac('sha256', this.hashKey).update(key).digest('hex');
  }
}

/**
 * One statement on PostgreSQL and SQLite (≥ 3.24): the first failure of a window starts its count
 * at 1, later ones add 1. A failure recorded for an earlier window than the row's (a replica whose
 * clock lags) is added to the row's window instead of starting the count over.
 */
function upsertStatement(dataSource: DataSource): string {
  const metadata = dataSource.getMetadata(OAuth2AuthenticationFailureEntity);
  const escape = (name: string) => dataSource.driver.escape(name);
  const table = metadata.tablePath.split('.').map(escape).join('.');
  const column = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${metadata.name} has no column for ${property}`);
    return escape(found.databaseName);
  };
  const [key, start, failures] = [column('key'), column('windowStart'), column('failures')];
  const [first, second] = dataSource.options.type === 'postgres' ? ['$1', '$2'] : ['?', '?'];
  const newer = `${table}.${start} < excluded.${start}`;
  return [
    `INSERT INTO ${table} (${key}, ${start}, ${failures}) VALUES (${first}, ${second}, 1)`,
    `ON CONFLICT (${key}) DO UPDATE SET`,
    `${failures} = CASE WHEN ${newer} THEN 1 ELSE ${table}.${failures} + 1 END,`,
    `${start} = CASE WHEN ${newer} THEN excluded.${start} ELSE ${table}.${start} END`,
  ].join(' ');
}

/**
 * The shared ledger when `rate_limits.failed_authentication.shared` is on (and the brake itself,
 * `per_minute`, too); otherwise undefined and nothing is written.
 */
export function sharedFailureLedger(
  dataSource: DataSource,
  settings: Pick<TesseraSettings, 'rate_limits' | 'secrets'>,
): AuthenticationFailureLedger | undefined {
  const failed = settings.rate_limits.failed_authentication;
  if (!failed.shared || failed.per_minute <= 0) return undefined;
  return TypeOrmAuthenticationFailureLedger.of(dataSource, settings.secrets.system[0] ?? '');
}
