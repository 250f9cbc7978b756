import { CreateOAuth2Client1795824000000 } from './1795824000000-create-oauth2-client';
import { CreateOAuth2AccessToken1795824100000 } from './1795824100000-create-oauth2-access-token';
import { CreateJsonWebKey1795824200000 } from './1795824200000-create-json-web-key';
import { CreateOAuth2Grants1795824300000 } from './1795824300000-create-oauth2-grants';
import { CreateLoginSessions1795910000000 } from './1795910000000-create-login-sessions';
import { CreateAuthenticationFailure1796000000000 } from './1796000000000-create-authentication-failure';
import { AddOAuth2ClientMtls1796100000000 } from './1796100000000-add-oauth2-client-mtls';

/** Every migration, oldest first. Migrations are never edited after they land. */
export const MIGRATIONS = [
  CreateOAuth2Client1795824000000,
  CreateOAuth2AccessToken1795824100000,
  CreateJsonWebKey1795824200000,
  CreateOAuth2Grants1795824300000,
  CreateLoginSessions1795910000000,
  CreateAuthenticationFailure1796000000000,
  AddOAuth2ClientMtls1796100000000,
];
