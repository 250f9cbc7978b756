import type { CryptoKey } from 'jose';
import type { DataSource } from 'typeorm';
import type { JsonWebKey } from './json-web-key';

/** A set as last read from the database, decrypted. */
export interface CachedKeySet {
  readonly version: number;
  readonly keys: readonly JsonWebKey[];
}

/**
 * The decrypted key sets and imported signing keys of one database. `serve all` runs two Nest
 * apps on one DataSource; sharing the cache between them means a key added through the admin app
 * signs and is published by the public app at once, not after the next poll.
 */
export class KeySetCache {
  readonly sets = new Map<string, CachedKeySet>();
  readonly imported = new Map<string, Promise<CryptoKey | Uint8Array>>();
  /** Key sets whose first key is being generated right now. */
  readonly creating = new Map<string, Promise<void>>();
  /** Changes whenever a cached set is dropped: documents derived from keys compare against it. */
  generation = 0;

  /** Forgets a set (it changed, here or on another replica). */
  drop(setId: string): void {
    this.sets.delete(setId);
    this.generation++;
  }

  private static readonly perDatabase = new WeakMap<DataSource, KeySetCache>();

  static of(dataSource: DataSource): KeySetCache {
    let cache = KeySetCache.perDatabase.get(dataSource);
    if (!cache) {
      cache = new KeySetCache();
      KeySetCache.perDatabase.set(dataSource, cache);
    }
    return cache;
  }
}
