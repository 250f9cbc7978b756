import type { Page, PageRequest } from '@tessera/database';
import type { OAuth2Client } from './oauth2-client';

/** Exact-match filters of the client list (hydra-compat §1.3). */
export interface ClientFilter {
  readonly client_name?: string;
  readonly owner?: string;
}

/** The outcome of an optimistic update. */
export type UpdateOutcome = 'updated' | 'missing' | 'conflict';

/**
 * Storage port of the client registry (abstract class as DI token). Implementations: TypeORM
 * (`TypeOrmClientStore`) and the in-memory twin in `@tessera/testing`; both pass the same
 * contract suite.
 */
export abstract class ClientStore {
  /** Inserts a new client; throws `ConflictError` when the id is taken. */
  abstract insert(client: OAuth2Client): Promise<void>;

  abstract findById(id: string): Promise<OAuth2Client | undefined>;

  /**
   * Replaces the stored client if its version is still `expectedVersion`; the stored version
   * becomes `client.version`.
   */
  abstract update(client: OAuth2Client, expectedVersion: number): Promise<UpdateOutcome>;

  /** Deletes a client; false when there was none. */
  abstract delete(id: string): Promise<boolean>;

  /** Clients ordered by id, after the page cursor. */
  abstract list(filter: ClientFilter, page: PageRequest): Promise<Page<OAuth2Client>>;
}
