/** A key as stored: still sealed. */
export interface SealedKey {
  readonly kid: string;
  readonly keyData: string;
  readonly createdAt: Date;
}

/** A stored set: its version and its keys, newest first. */
export interface StoredKeySet {
  readonly version: number;
  readonly keys: readonly SealedKey[];
}

/**
 * Storage port of JSON Web Key sets. Every change to a set bumps its version in the same
 * transaction, which is how other replicas notice. Implementations: TypeORM, and the in-memory
 * twin in `@tessera/testing`.
 */
export abstract class JsonWebKeyStore {
  /** The version of every set. */
  abstract versions(): Promise<Map<string, number>>;

  abstract find(setId: string): Promise<StoredKeySet | undefined>;

  /**
   * Adds keys only if the set is still as the caller saw it: absent (`expectedVersion`
   * undefined: the set is created) or at that version. False when another writer came first.
   */
  abstract addIfUnchanged(
    setId: string,
    expectedVersion: number | undefined,
    keys: readonly SealedKey[],
  ): Promise<boolean>;

  /** Adds or replaces keys by kid, creating the set if needed. */
  abstract put(setId: string, keys: readonly SealedKey[]): Promise<void>;

  /** Replaces every key of the set. */
  abstract replace(setId: string, keys: readonly SealedKey[]): Promise<void>;

  abstract deleteSet(setId: string): Promise<boolean>;

  abstract deleteKey(setId: string, kid: string): Promise<boolean>;
}
