import type { AuthorizationCodeRecord, RefreshTokenRecord } from './token-records';

/** How an attempt to use a single-use token turned out. */
export type ConsumeOutcome = 'consumed' | 'already-used' | 'missing';

/** Storage port of refresh tokens (TypeORM, and the in-memory twin in `@tessera/testing`). */
export abstract class RefreshTokenStore {
  abstract create(record: RefreshTokenRecord): Promise<void>;

  abstract find(key: string): Promise<RefreshTokenRecord | undefined>;

  /**
   * Marks an active token used, atomically: of concurrent callers exactly one gets `consumed`.
   * The row is kept until `retainUntil` so that a later reuse is recognised.
   */
  abstract consume(key: string, usedAt: Date, retainUntil: Date): Promise<ConsumeOutcome>;

  /** Counts one more use of an already used token (the rotation grace period). */
  abstract recordReuse(key: string): Promise<void>;

  abstract deleteByRequestId(requestId: string): Promise<number>;
}

/** Storage port of authorization codes. */
export abstract class AuthorizationCodeStore {
  abstract create(record: AuthorizationCodeRecord): Promise<void>;

  abstract find(key: string): Promise<AuthorizationCodeRecord | undefined>;

  /** Marks an active code used, atomically; the row is kept until `retainUntil` for reuse detection. */
  abstract consume(key: string, retainUntil: Date): Promise<ConsumeOutcome>;

  abstract deleteByRequestId(requestId: string): Promise<number>;
}
