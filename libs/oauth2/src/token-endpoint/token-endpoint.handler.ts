import { effectiveGrantTypes, type OAuth2Client } from '@tessera/clients';
import { InvalidRequestError, UnauthorizedClientError } from '@tessera/kernel';
import type { DpopProof } from '../dpop/dpop-proof.verifier';
import type { OAuthForm } from '../oauth-form';
import type { TokenResponse } from './token-response';

/** A token request after client authentication, with its list parameters parsed. */
export interface AccessRequest {
  readonly grantType: string;
  readonly form: OAuthForm;
  readonly client: OAuth2Client;
  readonly requestedScope: readonly string[];
  readonly requestedAudience: readonly string[];
  /** The verified DPoP proof of the request (RFC 9449 §5): every token issued is bound to its key. */
  readonly dpop?: DpopProof;
  /** `x5t#S256` of the request's client certificate (RFC 8705 §3.1), when mTLS is on and it had one. */
  readonly certificate?: string;
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

/** RFC 6749 §5.2 `unauthorized_client`: the client did not register this grant type. */
export function requireGrantType(client: OAuth2Client, grantType: string): void {
  if (!effectiveGrantTypes(client).includes(grantType)) {
    throw new UnauthorizedClientError().withHint(
      `The OAuth 2.0 Client is not allowed to use authorization grant '${grantType}'.`,
    );
  }
}

/** A parameter the grant cannot do without (RFC 6749 §5.2 `invalid_request`). */
export function requireParameter(form: OAuthForm, name: string): string {
  const value = form.get(name);
  if (value === undefined)
    throw new InvalidRequestError().withHint(`The request parameter '${name}' is missing.`);
  return value;
}
