import { describe, expect, it } from 'vitest';
import { loadConfig } from '@tessera/config';
import { SystemClock } from '@tessera/kernel';
import { JsonWebKeyManager } from './json-web-key.manager';
import { JsonWebKeySealer } from './json-web-key.sealer';
import { type SealedKey, type StoredKeySet, JsonWebKeyStore } from './json-web-key.store';
import { KeySetCache } from './key-set.cache';

/** Just enough of a store to count how often a set's first key is written. */
class CountingStore extends JsonWebKeyStore {
  readonly sets = new Map<string, StoredKeySet>();
  creations = 0;

  async versions() {
    return new Map([...this.sets].map(([id, set]) => [id, set.version]));
  }
  async find(setId: string) {
    return this.sets.get(setId);
  }
  async addIfUnchanged(setId: string, expected: number | undefined, keys: readonly SealedKey[]) {
    this.creations++;
    if (this.sets.get(setId)?.version !== expected) return false;
    this.sets.set(setId, { version: (expected ?? 0) + 1, keys });
    return true;
  }
  async put(): Promise<void> {}
  async replace(): Promise<void> {}
  async deleteSet() {
    return false;
  }
  async deleteKey() {
    return false;
  }
}

function manager(store: JsonWebKeyStore) {
  const { config } = loadConfig({
    env: { DSN: 'memory', SECRETS_SYSTEM: 'a-long-enough-system-secret' },
    flags: { dev: true },
  });
  return new JsonWebKeyManager(
    store,
    new JsonWebKeySealer(config),
    new SystemClock(),
    new KeySetCache(),
  );
}

describe('JsonWebKeyManager.signingKey', () => {
  it('generates a missing set once however many requests need it at the same moment', async () => {
    const store = new CountingStore();
    const keys = manager(store);
    const signers = await Promise.all(
      Array.from({ length: 10 }, () => keys.signingKey('hydra.openid.id-token', 'ES256')),
    );
    expect(store.creations).toBe(1);
    expect(new Set(signers.map((signer) => signer.jwk.kid)).size).toBe(1);
  });
});
