import { CreateOAuth2Client1795824000000 } from './1795824000000-create-oauth2-client';
import { CreateOAuth2AccessToken1795824100000 } from './1795824100000-create-oauth2-access-token';

/** Every migration, oldest first. Migrations are never edited after they land. */
export const MIGRATIONS = [CreateOAuth2Client1795824000000, CreateOAuth2AccessToken1795824100000];
