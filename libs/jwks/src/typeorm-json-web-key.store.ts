import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation, Transactions } from '@tessera/database';
import { JsonWebKeyEntity, JsonWebKeySetEntity } from './json-web-key.entity';
import { JsonWebKeyStore, type SealedKey, type StoredKeySet } from './json-web-key.store';

/**
 * `JsonWebKeyStore` on TypeORM; each change is one transaction that also bumps the set version.
 * Reads join a running unit of work: signing inside a transaction must not wait for a second
 * connection from a pool that the transactions themselves may have exhausted.
 */
@Injectable()
export class TypeOrmJsonWebKeyStore extends JsonWebKeyStore {
  private readonly transactions: Transactions;

  constructor(dataSource: DataSource) {
    super();
    this.transactions = new Transactions(dataSource);
  }

  async versions(): Promise<Map<string, number>> {
    const rows = await this.transactions.repository(JsonWebKeySetEntity).find();
    return new Map(rows.map((row) => [row.setId, row.version]));
  }

  async find(setId: string): Promise<StoredKeySet | undefined> {
    const set = await this.transactions.repository(JsonWebKeySetEntity).findOneBy({ setId });
    if (!set) return undefined;
    const keys = await this.transactions
      .repository(JsonWebKeyEntity)
      .find({ where: { setId }, order: { createdAt: 'DESC', kid: 'DESC' } });
    return {
      version: set.version,
      keys: keys.map(({ kid, keyData, createdAt }) => ({ kid, keyData, createdAt })),
    };
  }

  async addIfUnchanged(
    setId: string,
    expectedVersion: number | undefined,
    keys: readonly SealedKey[],
  ): Promise<boolean> {
    try {
      return await this.transactions.independently(async (manager) => {
        if (expectedVersion === undefined) {
          await manager.insert(JsonWebKeySetEntity, { setId, version: 1 });
        } else {
          const result = await manager.update(
            JsonWebKeySetEntity,
            { setId, version: expectedVersion },
            { version: expectedVersion + 1 },
          );
          if (result.affected !== 1) return false;
        }
        await insertKeys(manager, setId, keys);
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async put(setId: string, keys: readonly SealedKey[]): Promise<void> {
    await this.change(setId, async (manager) => {
      await manager.delete(
        JsonWebKeyEntity,
        keys.map((key) => ({ setId, kid: key.kid })),
      );
      await insertKeys(manager, setId, keys);
    });
  }

  async replace(setId: string, keys: readonly SealedKey[]): Promise<void> {
    await this.change(setId, async (manager) => {
      await manager.delete(JsonWebKeyEntity, { setId });
      await insertKeys(manager, setId, keys);
    });
  }

  async deleteSet(setId: string): Promise<boolean> {
    return this.transactions.independently(async (manager) => {
      await manager.delete(JsonWebKeyEntity, { setId });
      return (await manager.delete(JsonWebKeySetEntity, { setId })).affected === 1;
    });
  }

  async deleteKey(setId: string, kid: string): Promise<boolean> {
    return this.transactions.independently(async (manager) => {
      const deleted = (await manager.delete(JsonWebKeyEntity, { setId, kid })).affected === 1;
      if (deleted) await manager.increment(JsonWebKeySetEntity, { setId }, 'version', 1);
      return deleted;
    });
  }

  /** Creates the set if needed, bumps its version and applies `work`, in one transaction. */
  private async change(
    setId: string,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.transactions.independently(async (manager) => {
      await bumpVersion(manager, setId);
      await work(manager);
    });
  }
}

/**
 * Creates the set at version 1 or bumps its version, in one statement. An UPDATE and then, when it
 * found nothing, an INSERT lets two first writers of a new set both find nothing and one of them
 * fail on the primary key: a 409 for a key that conflicted with nothing.
 */
async function bumpVersion(manager: EntityManager, setId: string): Promise<void> {
  const { driver, options } = manager.connection;
  const metadata = manager.connection.getMetadata(JsonWebKeySetEntity);
  const table = metadata.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  const column = (property: string) =>
    driver.escape(metadata.findColumnWithPropertyName(property)?.databaseName ?? property);
  const [set, version] = [column('setId'), column('version')];
  const placeholder = options.type === 'postgres' ? '$1' : '?';
  await manager.query(
    `INSERT INTO ${table} (${set}, ${version}) VALUES (${placeholder}, 1) ` +
      `ON CONFLICT (${set}) DO UPDATE SET ${version} = ${table}.${version} + 1`,
    [setId],
  );
}

async function insertKeys(
  manager: EntityManager,
  setId: string,
  keys: readonly SealedKey[],
): Promise<void> {
  if (keys.length === 0) return;
  await manager.insert(
    JsonWebKeyEntity,
    keys.map((key) => ({ setId, ...key })),
  );
}
