import type { OAuth2Client } from '@tessera/clients';
import type { OAuthForm } from '../oauth-form';
import type { TokenResponse } from './token-response';

/** A token request after client authentication, with its list parameters parsed. */
export interface AccessRequest {
  readonly grantType: string;
  readonly form: OAuthForm;
  readonly client: OAuth2Client;
  readonly requestedScope: readonly string[];
  readonly requestedAudience: readonly string[];
}

/**
 * The logic of one grant at the token endpoint (fosite's handler). Handlers are listed in order
 * by `OAuth2Module`; `TokenEndpoint` hands a request to the one whose `grantType` it names.
 */
export abstract class TokenEndpointHandler {
  abstract readonly grantType: string;

  abstract handle(request: AccessRequest): Promise<TokenResponse>;
}

/** DI token of the ordered list of token endpoint handlers. */
export const TOKEN_ENDPOINT_HANDLERS = Symbol('TOKEN_ENDPOINT_HANDLERS');
