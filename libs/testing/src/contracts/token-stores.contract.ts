import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientStore } from '@tessera/clients';
import type {
  AccessTokenStore,
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
  JtiStore,
  RefreshTokenRecord,
  RefreshTokenStore,
  TokenRecord,
} from '@tessera/oauth2';
import { aClient } from '../client.factory';

export interface TokenStores {
  readonly accessTokens: AccessTokenStore;
  readonly jtis: JtiStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly codes: AuthorizationCodeStore;
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

function aRefreshToken(overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  return {
    ...aToken(),
    session: {
      ext: {},
      oidc: {
        subject: 'alice',
        claims: { email: 'alice@example.com' },
        authTime: 1_700_000_000,
        requestedAt: 1_700_000_000,
        acr: '0',
        amr: ['pwd'],
        sid: 'session-1',
        nonce: 'n-0S6_WzA2Mj',
      },
    },
    active: true,
    usedTimes: 0,
    accessTokenKey: randomBytes(48).toString('hex'),
    ...overrides,
  };
}

function aCode(overrides: Partial<AuthorizationCodeRecord> = {}): AuthorizationCodeRecord {
  return {
    ...aToken(),
    active: true,
    redirectUri: 'https://app.example/cb?x=1',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
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

    it('deletes one access token by key', async () => {
      const record = aToken({ requestId: 'single' });
      await stores.accessTokens.create(record);
      expect(await stores.accessTokens.delete(record.key)).toBe(true);
      expect(await stores.accessTokens.delete(record.key)).toBe(false);
    });

    it('stores a refresh token with its OIDC session and consumes it once', async () => {
      const record = aRefreshToken({ requestId: 'rt-chain' });
      await stores.refreshTokens.create(record);
      expect(await stores.refreshTokens.find(record.key)).toEqual(record);
      const usedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const retainUntil = new Date(usedAt.getTime() + 1_800_000);
      expect(await stores.refreshTokens.consume(record.key, usedAt, retainUntil)).toBe('consumed');
      expect(await stores.refreshTokens.consume(record.key, usedAt, retainUntil)).toBe(
        'already-used',
      );
      expect(await stores.refreshTokens.consume('0'.repeat(43), usedAt, retainUntil)).toBe(
        'missing',
      );
      await stores.refreshTokens.recordReuse(record.key);
      expect(await stores.refreshTokens.find(record.key)).toMatchObject({
        active: false,
        usedAt,
        usedTimes: 2,
        expiresAt: retainUntil,
      });
    });

    it('lets exactly one of many concurrent consumers of a refresh token win', async () => {
      const record = aRefreshToken({ requestId: 'rt-race' });
      await stores.refreshTokens.create(record);
      const now = new Date();
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => stores.refreshTokens.consume(record.key, now, now)),
      );
      expect(outcomes.filter((outcome) => outcome === 'consumed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'already-used')).toHaveLength(9);
    });

    it('deletes the refresh tokens of a grant chain', async () => {
      const chain = [
        aRefreshToken({ requestId: 'rt-del' }),
        aRefreshToken({ requestId: 'rt-del' }),
      ];
      for (const record of chain) await stores.refreshTokens.create(record);
      expect(await stores.refreshTokens.deleteByRequestId('rt-del')).toBe(2);
      expect(await stores.refreshTokens.find(chain[0].key)).toBeUndefined();
    });

    it('stores an authorization code and lets exactly one concurrent consumer win', async () => {
      const record = aCode({ requestId: 'code-chain' });
      await stores.codes.create(record);
      expect(await stores.codes.find(record.key)).toEqual(record);
      const until = new Date(Date.now() + 1_800_000);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => stores.codes.consume(record.key, until)),
      );
      expect(outcomes.filter((outcome) => outcome === 'consumed')).toHaveLength(1);
      expect(await stores.codes.find(record.key)).toMatchObject({ active: false });
      expect(await stores.codes.consume('1'.repeat(43), until)).toBe('missing');
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
