import { CLIENT_ENTITIES } from '@tessera/clients';
import { CONSENT_ENTITIES, CONSENT_EXPIRABLE_TABLES } from '@tessera/consent';
import { DATABASE_ENTITIES, DATABASE_EXPIRABLE_TABLES } from '@tessera/database';
import { JWKS_ENTITIES } from '@tessera/jwks';
import { OAUTH2_ENTITIES, OAUTH2_EXPIRABLE_TABLES } from '@tessera/oauth2';
import { MIGRATIONS } from './index';

/** Tessera's database schema: the entities the libs map and the migrations that create them. */
export const SCHEMA = {
  entities: [
    ...CLIENT_ENTITIES,
    ...JWKS_ENTITIES,
    ...OAUTH2_ENTITIES,
    ...CONSENT_ENTITIES,
    ...DATABASE_ENTITIES,
  ],
  /** Tables whose expired rows `tessera janitor` deletes. */
  expirable: [
    ...OAUTH2_EXPIRABLE_TABLES,
    ...CONSENT_EXPIRABLE_TABLES,
    ...DATABASE_EXPIRABLE_TABLES,
  ],
  migrations: MIGRATIONS,
};
