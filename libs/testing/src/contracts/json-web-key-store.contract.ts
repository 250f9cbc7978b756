import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonWebKeyStore, SealedKey } from '@tessera/jwks';

const key = (kid: string, createdAt: number): SealedKey => ({
  kid,
  keyData: `sealed-${kid}`,
  createdAt: new Date(createdAt),
});

/** What every JSON Web Key store must do, run against each implementation. */
export function jsonWebKeyStoreContract(
  name: string,
  open: () => Promise<{ store: JsonWebKeyStore; close(): Promise<void> }>,
): void {
  describe(`JsonWebKeyStore contract: ${name}`, () => {
    let store: JsonWebKeyStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close?.());

    it('creates a set once: a second creator loses, as does a writer with an old version', async () => {
      expect(await store.addIfUnchanged('once', undefined, [key('a', 1_000)])).toBe(true);
      expect(await store.addIfUnchanged('once', undefined, [key('b', 2_000)])).toBe(false);
      const set = await store.find('once');
      expect(set?.keys.map((k) => k.kid)).toEqual(['a']);
      expect(await store.addIfUnchanged('once', set!.version, [key('c', 3_000)])).toBe(true);
      expect(await store.addIfUnchanged('once', set!.version, [key('d', 4_000)])).toBe(false);
    });

    it('lists keys newest first and bumps the version on every change', async () => {
      await store.put('changing', [key('old', 1_000)]);
      const first = (await store.find('changing'))!.version;
      await store.put('changing', [key('new', 2_000)]);
      const second = await store.find('changing');
      expect(second?.keys.map((k) => k.kid)).toEqual(['new', 'old']);
      expect(second!.version).toBeGreaterThan(first);
      await store.put('changing', [{ ...key('old', 3_000), keyData: 'replaced' }]);
      const third = await store.find('changing');
      expect(third?.keys.map((k) => [k.kid, k.keyData])).toEqual([
        ['old', 'replaced'],
        ['new', 'sealed-new'],
      ]);
      expect((await store.versions()).get('changing')).toBe(third!.version);
    });

    it('replaces a set, deletes keys and sets', async () => {
      await store.put('doomed', [key('x', 1_000), key('y', 2_000)]);
      await store.replace('doomed', [key('z', 3_000)]);
      expect((await store.find('doomed'))?.keys.map((k) => k.kid)).toEqual(['z']);
      expect(await store.deleteKey('doomed', 'z')).toBe(true);
      expect(await store.deleteKey('doomed', 'z')).toBe(false);
      expect((await store.find('doomed'))?.keys).toEqual([]);
      expect(await store.deleteSet('doomed')).toBe(true);
      expect(await store.deleteSet('doomed')).toBe(false);
      expect(await store.find('doomed')).toBeUndefined();
    });
  });
}
