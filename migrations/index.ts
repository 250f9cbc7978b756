import { CreateOAuth2Client1795824000000 } from './1795824000000-create-oauth2-client';

/** Every migration, oldest first. Migrations are never edited after they land. */
export const MIGRATIONS = [CreateOAuth2Client1795824000000];
