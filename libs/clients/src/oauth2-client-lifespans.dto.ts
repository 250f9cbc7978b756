import { OptionalLifespan } from './client-dto.decorators';

/** Body of `PUT /admin/clients/{id}/lifespans` (hydra-compat §2.2): the whole set is replaced. */
export class OAuth2ClientTokenLifespansDto {
  @OptionalLifespan('Access token lifespan of the authorization code grant.')
  authorization_code_grant_access_token_lifespan?: string | null;
  @OptionalLifespan('ID token lifespan of the authorization code grant.')
  authorization_code_grant_id_token_lifespan?: string | null;
  @OptionalLifespan('Refresh token lifespan of the authorization code grant.')
  authorization_code_grant_refresh_token_lifespan?: string | null;
  @OptionalLifespan('Access token lifespan of the client credentials grant.')
  client_credentials_grant_access_token_lifespan?: string | null;
  @OptionalLifespan('Access token lifespan of the implicit grant.')
  implicit_grant_access_token_lifespan?: string | null;
  @OptionalLifespan('ID token lifespan of the implicit grant.')
  implicit_grant_id_token_lifespan?: string | null;
  @OptionalLifespan('Access token lifespan of the JWT bearer grant (RFC 7523).')
  jwt_bearer_grant_access_token_lifespan?: string | null;
  @OptionalLifespan('ID token lifespan of the refresh token grant.')
  refresh_token_grant_id_token_lifespan?: string | null;
  @OptionalLifespan('Access token lifespan of the refresh token grant.')
  refresh_token_grant_access_token_lifespan?: string | null;
  @OptionalLifespan('Refresh token lifespan of the refresh token grant.')
  refresh_token_grant_refresh_token_lifespan?: string | null;
  @OptionalLifespan('ID token lifespan of the device authorization grant.')
  device_authorization_grant_id_token_lifespan?: string | null;
  @OptionalLifespan('Access token lifespan of the device authorization grant.')
  device_authorization_grant_access_token_lifespan?: string | null;
  @OptionalLifespan('Refresh token lifespan of the device authorization grant.')
  device_authorization_grant_refresh_token_lifespan?: string | null;
}
