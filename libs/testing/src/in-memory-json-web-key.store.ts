import { JsonWebKeyStore, type SealedKey, type StoredKeySet } from '@tessera/jwks';

/** The in-memory twin of `TypeOrmJsonWebKeyStore`; passes the same contract. */
export class InMemoryJsonWebKeyStore extends JsonWebKeyStore {
  private readonly sets = new Map<string, { version: number; keys: SealedKey[] }>();

  async versions(): Promise<Map<string, number>> {
    return new Map([...this.sets].map(([setId, set]) => [setId, set.version]));
  }

  async find(setId: string): Promise<StoredKeySet | undefined> {
    const set = this.sets.get(setId);
    if (!set) return undefined;
    const keys = [...set.keys].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.kid < b.kid ? 1 : -1),
    );
    return { version: set.version, keys };
  }

  async addIfUnchanged(
    setId: string,
    expectedVersion: number | undefined,
    keys: readonly SealedKey[],
  ): Promise<boolean> {
    const set = this.sets.get(setId);
    if (set?.version !== expectedVersion) return false;
    if (keys.some((key) => set?.keys.some((existing) => existing.kid === key.kid))) return false;
    this.sets.set(setId, {
      version: (set?.version ?? 0) + 1,
      keys: [...(set?.keys ?? []), ...keys],
    });
    return true;
  }

  async put(setId: string, keys: readonly SealedKey[]): Promise<void> {
    const set = this.sets.get(setId) ?? { version: 0, keys: [] };
    const kept = set.keys.filter((existing) => !keys.some((key) => key.kid === existing.kid));
    this.sets.set(setId, { version: set.version + 1, keys: [...kept, ...keys] });
  }

  async replace(setId: string, keys: readonly SealedKey[]): Promise<void> {
    this.sets.set(setId, { version: (this.sets.get(setId)?.version ?? 0) + 1, keys: [...keys] });
  }

  async deleteSet(setId: string): Promise<boolean> {
    return this.sets.delete(setId);
  }

  async deleteKey(setId: string, kid: string): Promise<boolean> {
    const set = this.sets.get(setId);
    if (!set || !set.keys.some((key) => key.kid === kid)) return false;
    this.sets.set(setId, {
      version: set.version + 1,
      keys: set.keys.filter((key) => key.kid !== kid),
    });
    return true;
  }
}
