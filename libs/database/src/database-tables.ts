import { FAILURE_WINDOW_MS } from '@tessera/kernel';
import { OAuth2AuthenticationFailureEntity } from './authentication-failure.entity';
import type { ExpirableTable } from './expired-rows.janitor';

export { OAuth2AuthenticationFailureEntity };

/** The TypeORM entities this lib stores. */
export const DATABASE_ENTITIES = [OAuth2AuthenticationFailureEntity];

/** How long after its window ended the janitor keeps a failure count (`janitor --tokens`). */
export const AUTHENTICATION_FAILURE_RETENTION_MS = 3_600_000;

/** What `tessera janitor --tokens` cleans here: failure counts whose window ended over an hour ago. */
export const DATABASE_EXPIRABLE_TABLES: readonly ExpirableTable[] = [
  {
    group: 'tokens',
    label: 'failed client authentication counts',
    entity: OAuth2AuthenticationFailureEntity,
    key: 'key',
    expiresAt: 'windowStart',
    expiresAfterMs: FAILURE_WINDOW_MS + AUTHENTICATION_FAILURE_RETENTION_MS,
  },
];
