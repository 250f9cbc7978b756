import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientStore } from '@tessera/clients';
import type { AccessTokenStore, JtiStore, TokenRecord } from '@tessera/oauth2';
import { aClient } from '../client.factory';

export interface TokenStores {
  readonly accessTokens: AccessTokenStore;
  readonly jtis: JtiStore;
  readonly clients: ClientStore;
  close(): Promise<void>;
}

function aToken(overrides: Partial<TokenRecord> = {}): TokenRecord {
  const requestedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  return {
    key: randomBytes(48).toString('hex'),
    requestId: 'request-1',
    clientId: 'token-client',
    subject: 'token-client',
    grantedScope: ['read', 'write.x'],
    grantedAudience: ['https://api.example'],
    session: { ext: { tier: 'gold' } },
    requestedAt,
    expiresAt: new Date(requestedAt.getTime() + 3_600_000),
    ...overrides,
  };
}

/** What every access token store and jti store must do, run against each implementation. */
export function tokenStoresContract(name: string, open: () => Promise<TokenStores>): void {
  describe(`token stores contract: ${name}`, () => {
    let stores: TokenStores;

    beforeAll(async () => {
      stores = await open();
      await stores.clients.insert(aClient({ client_id: 'token-client' }));
      await stores.clients.insert(aClient({ client_id: 'other-client' }));
    });
    afterAll(() => stores?.close());

    it('stores an access token record and finds it by key', async () => {
      const record = aToken();
      await stores.accessTokens.create(record);
      expect(await stores.accessTokens.find(record.key)).toEqual(record);
      expect(await stores.accessTokens.find('0'.repeat(96))).toBeUndefined();
    });

    it('deletes a whole grant chain by request id, and nothing else', async () => {
      const chain = [aToken({ requestId: 'chain' }), aToken({ requestId: 'chain' })];
      const other = aToken({ requestId: 'other-chain' });
      for (const record of [...chain, other]) await stores.accessTokens.create(record);
      expect(await stores.accessTokens.deleteByRequestId('chain')).toBe(2);
      for (const record of chain)
        expect(await stores.accessTokens.find(record.key)).toBeUndefined();
      expect(await stores.accessTokens.find(other.key)).toBeDefined();
    });

    it('deletes every access token of one client', async () => {
      const mine = aToken({ clientId: 'other-client', requestId: 'm' });
      await stores.accessTokens.create(mine);
      expect(await stores.accessTokens.deleteByClientId('other-client')).toBe(1);
      expect(await stores.accessTokens.find(mine.key)).toBeUndefined();
    });

    it('accepts a jti once until it expires', async () => {
      const soon = new Date(Date.now() + 60_000);
      expect(await stores.jtis.consume('jti-a', soon)).toBe(true);
      expect(await stores.jtis.consume('jti-a', soon)).toBe(false);
      expect(await stores.jtis.consume('jti-b', soon)).toBe(true);
      expect(await stores.jtis.consume('jti-old', new Date(Date.now() - 1_000))).toBe(true);
      expect(await stores.jtis.consume('jti-old', soon)).toBe(true);
    });
  });
}
