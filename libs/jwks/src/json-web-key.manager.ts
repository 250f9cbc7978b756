import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { importJWK, type CryptoKey } from 'jose';
import { BadRequestError, Clock, ConflictError, ServerError } from '@tessera/kernel';
import {
  type JsonWebKey,
  MAX_KEY_IDENTIFIER_LENGTH,
  type SigningAlgorithm,
  publicPart,
} from './json-web-key';
import { JsonWebKeySealer } from './json-web-key.sealer';
import { type SealedKey, JsonWebKeyStore } from './json-web-key.store';
import { generateSigningKey } from './key-generator';
import { type CachedKeySet, KeySetCache } from './key-set.cache';

/** How often every replica checks whether a key set changed elsewhere. */
export const KEY_SET_POLL_MS = 2_000;

/** A signing key ready for jose: the private JWK and its imported key object. */
export interface SigningKey {
  readonly jwk: JsonWebKey;
  readonly key: CryptoKey | Uint8Array;
}

/**
 * JSON Web Key sets: the admin operations, and the read-through cache every signer and the public
 * JWKS use. A cached set is dropped when its version changes — at once on this replica, within
 * `KEY_SET_POLL_MS` on the others. The newest key of a set signs (hydra-compat §4.9).
 */
@Injectable()
export class JsonWebKeyManager implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('JsonWebKeys');
  private readonly cache: Map<string, CachedKeySet>;
  private readonly imported: Map<string, Promise<CryptoKey | Uint8Array>>;
  private readonly shared: KeySetCache;
  private readonly reported = new Set<string>();
  private poller: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: JsonWebKeyStore,
    private readonly sealer: JsonWebKeySealer,
    private readonly clock: Clock,
    cache: KeySetCache,
  ) {
    this.shared = cache;
    this.cache = cache.sets;
    this.imported = cache.imported;
  }

  /** Changes whenever any key set changes; what is derived from keys may be cached against it. */
  get generation(): number {
    return this.shared.generation;
  }

  onModuleInit(): void {
    this.poller = setInterval(() => void this.dropChangedSets(), KEY_SET_POLL_MS);
    this.poller.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.poller);
  }

  /** The keys of a set, newest first, private parts included; `undefined` for an unknown set. */
  async keys(setId: string): Promise<readonly JsonWebKey[] | undefined> {
    return (await this.load(setId))?.keys;
  }

  /** Generates a key and adds it to the set, creating the set if needed. */
  async generate(
    setId: string,
    alg: SigningAlgorithm,
    use: string,
    kid?: string,
  ): Promise<JsonWebKey> {
    checkSetId(setId);
    const key = await generateSigningKey(alg, use, kid);
    const existing = await this.keys(setId);
    if (existing?.some((candidate) => candidate.kid === key.kid)) {
      throw new ConflictError(`The key set ${setId} already has a key with kid ${key.kid}.`);
    }
    await this.store.put(setId, [this.seal(setId, key)]);
    this.shared.drop(setId);
    return key;
  }

  /** Replaces every key of the set (PUT /admin/keys/{set}). */
  async replace(setId: string, keys: readonly JsonWebKey[]): Promise<void> {
    checkSetId(setId);
    await this.store.replace(
      setId,
      keys.map((key, index) => this.seal(setId, key, index)),
    );
    this.shared.drop(setId);
  }

  /** Adds or replaces one key (PUT /admin/keys/{set}/{kid}). */
  async put(setId: string, key: JsonWebKey): Promise<void> {
    checkSetId(setId);
    await this.store.put(setId, [this.seal(setId, key)]);
    this.shared.drop(setId);
  }

  /** Deletes a set; deleting one that does not exist is not an error (as in Hydra). */
  async deleteSet(setId: string): Promise<void> {
    await this.store.deleteSet(setId);
    this.shared.drop(setId);
  }

  /** Deletes a key; deleting one that does not exist is not an error (as in Hydra). */
  async deleteKey(setId: string, kid: string): Promise<void> {
    await this.store.deleteKey(setId, kid);
    this.shared.drop(setId);
  }

  /**
   * The newest private signing key of a set, creating the set with a fresh `alg` key on first need
   * — exactly once even when several replicas need it at the same moment.
   */
  async signingKey(setId: string, alg: SigningAlgorithm = 'RS256'): Promise<SigningKey> {
    let jwk = signer(await this.keys(setId));
    for (let attempt = 0; !jwk && attempt < 3; attempt++) {
      await this.createSigningKey(setId, alg);
      jwk = signer(await this.keys(setId));
    }
    if (!jwk) throw new ServerError().withDebug(`key set ${setId} has no signing key`);
    return { jwk, key: await this.importKey(setId, jwk) };
  }

  /** The public parts of the given sets, each created on first need like `signingKey`. */
  async publicKeys(setIds: readonly string[]): Promise<JsonWebKey[]> {
    const keys: JsonWebKey[] = [];
    for (const setId of setIds) {
      await this.signingKey(setId);
      keys.push(...((await this.keys(setId)) ?? []).map(publicPart));
    }
    return keys;
  }

  /**
   * Creates the set's first key once per process however many requests need it at the same moment
   * (RSA key generation takes a CPU-bound 50–200 ms); other replicas are kept out by the store's
   * version check.
   */
  private createSigningKey(setId: string, alg: SigningAlgorithm): Promise<void> {
    const running = this.shared.creating.get(setId);
    if (running) return running;
    const creation = this.createSigningKeyOnce(setId, alg).finally(() =>
      this.shared.creating.delete(setId),
    );
    this.shared.creating.set(setId, creation);
    return creation;
  }

  private async createSigningKeyOnce(setId: string, alg: SigningAlgorithm): Promise<void> {
    const current = await this.store.find(setId);
    const key = await generateSigningKey(alg, 'sig');
    const created = await this.store.addIfUnchanged(setId, current?.version, [
      this.seal(setId, key),
    ]);
    this.shared.drop(setId);
    if (created)
      this.logger.log(`Created the key set ${setId} with a new ${alg} key (kid ${key.kid}).`);
  }

  private async load(setId: string): Promise<CachedKeySet | undefined> {
    const cached = this.cache.get(setId);
    if (cached) return cached;
    const stored = await this.store.find(setId);
    if (!stored) return undefined;
    const entry = {
      version: stored.version,
      keys: stored.keys.map((sealed) => this.open(setId, sealed)),
    };
    this.cache.set(setId, entry);
    return entry;
  }

  private open(setId: string, sealed: SealedKey): JsonWebKey {
    const key = this.sealer.open(setId, sealed.kid, sealed.keyData);
    if (key) return key;
    const report = `${setId}\0${sealed.kid}`;
    if (!this.reported.has(report)) {
      this.reported.add(report);
      this.logger.error(
        `The key ${sealed.kid} of set ${setId} cannot be decrypted with the configured system secrets (secrets.system / SECRETS_SYSTEM). When rotating, keep the old secret listed after the new one.`,
      );
    }
    throw new ServerError().withDebug(`key ${setId}/${sealed.kid} cannot be decrypted`);
  }

  private seal(setId: string, key: JsonWebKey, index = 0): SealedKey {
    // The first key of an imported set counts as the newest, so it is the one that signs.
    return {
      kid: key.kid,
      keyData: this.sealer.seal(setId, key),
      createdAt: new Date(this.clock.nowMs() - index),
    };
  }

  private importKey(setId: string, jwk: JsonWebKey): Promise<CryptoKey | Uint8Array> {
    const id = `${setId}\0${jwk.kid}\0${jwk.d ?? ''}`;
    let key = this.imported.get(id);
    if (!key) {
      key = importJWK({ ...jwk, alg: jwk.alg }, jwk.alg);
      if (this.imported.size > 1_000) this.imported.clear();
      this.imported.set(id, key);
    }
    return key;
  }

  /** Drops cached sets whose version changed on another replica (or that disappeared). */
  private async dropChangedSets(): Promise<void> {
    try {
      const versions = await this.store.versions();
      for (const [setId, cached] of this.cache) {
        if (versions.get(setId) !== cached.version) this.shared.drop(setId);
      }
    } catch {
      // The database is away; the health check reports it. Keep serving what is cached.
    }
  }
}

/** The newest private key meant for signatures. */
function signer(keys: readonly JsonWebKey[] | undefined): JsonWebKey | undefined {
  return keys?.find((key) => key.d !== undefined && (key.use === 'sig' || key.use === undefined));
}

/** A set id too long to store is the caller's error, not the database's (a 400, not a 500). */
function checkSetId(setId: string): void {
  if (setId.length > MAX_KEY_IDENTIFIER_LENGTH) {
    throw new BadRequestError(
      `A key set id may be at most ${MAX_KEY_IDENTIFIER_LENGTH} characters long.`,
    );
  }
}
