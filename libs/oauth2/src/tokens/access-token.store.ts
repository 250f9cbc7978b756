import type { TokenRecord } from './token-records';

/**
 * Storage port of access tokens. Implementations: `TypeOrmAccessTokenStore` and the in-memory twin
 * in `@tessera/testing`; both pass the same contract suite.
 */
export abstract class AccessTokenStore {
  abstract create(record: TokenRecord): Promise<void>;

  abstract find(key: string): Promise<TokenRecord | undefined>;

  /** Deletes one access token; `false` when there was none. */
  abstract delete(key: string): Promise<boolean>;

  /** Deletes every access token of a grant chain; returns how many there were. */
  abstract deleteByRequestId(requestId: string): Promise<number>;

  /** Deletes every access token issued to a client (`DELETE /admin/oauth2/tokens`). */
  abstract deleteByClientId(clientId: string): Promise<number>;
}
