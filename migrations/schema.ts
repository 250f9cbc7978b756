import { CLIENT_ENTITIES } from '@tessera/clients';
import { MIGRATIONS } from './index';

/** Tessera's database schema: the entities the libs map and the migrations that create them. */
export const SCHEMA = {
  entities: [...CLIENT_ENTITIES],
  migrations: MIGRATIONS,
};
