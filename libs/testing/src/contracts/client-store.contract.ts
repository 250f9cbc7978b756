import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientStore } from '@tessera/clients';
import { ConflictError } from '@tessera/kernel';
import { aClient } from '../client.factory';

/** What every `ClientStore` must do, run against each implementation (DESIGN §6). */
export function clientStoreContract(
  name: string,
  open: () => Promise<{ store: ClientStore; close(): Promise<void> }>,
): void {
  describe(`ClientStore contract: ${name}`, () => {
    let store: ClientStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close?.());

    it('stores every field and reads it back', async () => {
      const client = aClient({
        client_id: 'contract-full',
        redirect_uris: ['https://a.example/cb'],
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
        metadata: { nested: { list: [1, 2] } },
        skip_logout_consent: true,
        client_credentials_grant_access_token_lifespan: '1h0m0s',
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: 'CN=contract,O=Example\\, Inc.',
        tls_client_certificate_bound_access_tokens: true,
      });
      await store.insert(client);
      expect(await store.findById('contract-full')).toEqual(client);
    });

    it('refuses a second client with the same id', async () => {
      await store.insert(aClient({ client_id: 'contract-dup' }));
      await expect(store.insert(aClient({ client_id: 'contract-dup' }))).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('updates only from the expected version', async () => {
      const client = aClient({ client_id: 'contract-version' });
      await store.insert(client);
      expect(await store.update({ ...client, client_name: 'v2', version: 2 }, 1)).toBe('updated');
      expect(await store.update({ ...client, client_name: 'stale', version: 2 }, 1)).toBe(
        'conflict',
      );
      expect(await store.update({ ...client, client_id: 'contract-none', version: 2 }, 1)).toBe(
        'missing',
      );
      expect((await store.findById('contract-version'))?.client_name).toBe('v2');
    });

    it('deletes, and says whether there was something to delete', async () => {
      await store.insert(aClient({ client_id: 'contract-delete' }));
      expect(await store.delete('contract-delete')).toBe(true);
      expect(await store.delete('contract-delete')).toBe(false);
      expect(await store.findById('contract-delete')).toBeUndefined();
    });

    it('finds and deletes nothing for an id no row can hold (NUL), without an error', async () => {
      await store.insert(aClient({ client_id: 'contract-nul' }));
      expect(await store.findById('contract-nul\0')).toBeUndefined();
      expect(await store.findById('\0')).toBeUndefined();
      expect(await store.delete('contract-nul\0')).toBe(false);
      expect(await store.findById('contract-nul')).toBeDefined();
    });

    it('lists in id order, filtered exactly, one keyset page at a time', async () => {
      for (const id of ['p-3', 'p-1', 'p-2', 'p-4'])
        await store.insert(aClient({ client_id: id, owner: 'paging' }));
      await store.insert(aClient({ client_id: 'p-5', owner: 'other' }));
      const first = await store.list({ owner: 'paging' }, { size: 3 });
      expect(first.items.map((c) => c.client_id)).toEqual(['p-1', 'p-2', 'p-3']);
      expect(first.next).toBe('p-3');
      const second = await store.list({ owner: 'paging' }, { size: 3, after: first.next });
      expect(second.items.map((c) => c.client_id)).toEqual(['p-4']);
      expect(second.next).toBeUndefined();
      expect((await store.list({ owner: 'pag' }, { size: 10 })).items).toEqual([]);
    });
  });
}
