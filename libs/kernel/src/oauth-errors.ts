import { OAuthError } from './oauth-error';

// RFC 6749 §4.1.2.1, §5.2 and OpenID Connect Core §3.1.2.6 error codes, with Hydra's statuses.

export class InvalidRequestError extends OAuthError {
  constructor(
    description = 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  ) {
    super('invalid_request', 400, description);
  }
}

export class InvalidClientError extends OAuthError {
  constructor(
    description = 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
  ) {
    super('invalid_client', 401, description);
  }
}

export class InvalidGrantError extends OAuthError {
  constructor(
    description = 'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  ) {
    super('invalid_grant', 400, description);
  }
}

export class UnauthorizedClientError extends OAuthError {
  constructor(description = 'The client is not authorized to request a token using this method.') {
    super('unauthorized_client', 400, description);
  }
}

export class UnsupportedGrantTypeError extends OAuthError {
  constructor(
    description = 'The authorization grant type is not supported by the authorization server.',
  ) {
    super('unsupported_grant_type', 400, description);
  }
}

export class InvalidScopeError extends OAuthError {
  constructor(description = 'The requested scope is invalid, unknown, or malformed.') {
    super('invalid_scope', 400, description);
  }
}

export class AccessDeniedError extends OAuthError {
  constructor(description = 'The resource owner or authorization server denied the request.') {
    super('access_denied', 403, description);
  }
}

export class ServerError extends OAuthError {
  constructor(
    description = 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
  ) {
    super('server_error', 500, description);
  }
}

export class TemporarilyUnavailableError extends OAuthError {
  constructor(
    description = 'The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.',
  ) {
    super('temporarily_unavailable', 503, description);
  }
}

/** RFC 7591 §3.2.2: a client metadata field has an invalid value. */
export class InvalidClientMetadataError extends OAuthError {
  constructor(
    description = "The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client's Metadata.",
  ) {
    super('invalid_client_metadata', 400, description);
  }
}

/** RFC 7591 §3.2.2: a redirect URI is invalid. */
export class InvalidRedirectUriError extends OAuthError {
  constructor(description = 'The value of one or more redirect_uris is invalid.') {
    super('invalid_redirect_uri', 400, description);
  }
}

// Generic admin API errors. Hydra sends a short text as `error` for these (hydra-compat §2.13).

export class BadRequestError extends OAuthError {
  constructor(description = '') {
    super('The request was malformed or contained invalid parameters', 400, description);
  }
}

export class NotFoundError extends OAuthError {
  constructor(description = '') {
    super('Unable to locate the resource', 404, description);
  }
}

export class ConflictError extends OAuthError {
  constructor(description = '') {
    super(
      'Unable to insert or update resource because a resource with that value exists already',
      409,
      description,
    );
  }
}

export class PayloadTooLargeError extends OAuthError {
  constructor(description = 'The request body is larger than the server accepts.') {
    super('request_entity_too_large', 413, description);
  }
}

export class UnsupportedMediaTypeError extends OAuthError {
  constructor(description = 'The request body has a content type the server does not accept.') {
    super('unsupported_media_type', 415, description);
  }
}

/** A method the endpoint does not serve (RFC 9110 §15.5.6); the filter adds `Allow`. */
export class MethodNotAllowedError extends OAuthError {
  constructor(allowed: string) {
    super('invalid_request', 405, `The HTTP method is not allowed here; use ${allowed}.`);
    Object.assign(this, { headers: { Allow: allowed } });
  }
}

// Authorization endpoint (RFC 6749 §4.1.2.1, OAuth 2.0 Multiple Response Types §5, OIDC Core
// §3.1.2.6) and fosite's additions, with Hydra's statuses (hydra-compat §2.13).

export class UnsupportedResponseTypeError extends OAuthError {
  constructor(
    description = 'The authorization server does not support obtaining a token using this method.',
  ) {
    super('unsupported_response_type', 400, description);
  }
}

export class UnsupportedResponseModeError extends OAuthError {
  constructor(
    description = 'The authorization server does not support obtaining a response using this response mode.',
  ) {
    super('unsupported_response_mode', 400, description);
  }
}

export class InvalidStateError extends OAuthError {
  constructor(
    description = 'The state is missing or does not have enough characters and is therefore considered too weak.',
  ) {
    super('invalid_state', 400, description);
  }
}

export class InsufficientEntropyError extends OAuthError {
  constructor(
    description = 'The request used a security parameter (e.g., anti-replay, anti-csrf) with insufficient entropy.',
  ) {
    super('insufficient_entropy', 400, description);
  }
}

export class RequestForbiddenError extends OAuthError {
  constructor(description = 'The request is not allowed.') {
    super('request_forbidden', 403, description);
  }
}

export class RequestUnauthorizedError extends OAuthError {
  constructor(description = 'The request could not be authorized.') {
    super('request_unauthorized', 401, description);
  }
}

export class LoginRequiredError extends OAuthError {
  constructor(description = 'The Authorization Server requires End-User authentication.') {
    super('login_required', 400, description);
  }
}

export class ConsentRequiredError extends OAuthError {
  constructor(description = 'The Authorization Server requires End-User consent.') {
    super('consent_required', 400, description);
  }
}

export class InvalidRequestUriError extends OAuthError {
  constructor(
    description = 'The request_uri in the Authorization Request returns an error or contains invalid data.',
  ) {
    super('invalid_request_uri', 400, description);
  }
}

export class InvalidRequestObjectError extends OAuthError {
  constructor(description = 'The request parameter contains an invalid Request Object.') {
    super('invalid_request_object', 400, description);
  }
}

export class RegistrationNotSupportedError extends OAuthError {
  constructor(description = 'The OP does not support use of the registration parameter.') {
    super('registration_not_supported', 400, description);
  }
}

/** RFC 6750 §3.1: the access token is expired, revoked, malformed, or not an access token. */
export class InvalidTokenError extends OAuthError {
  constructor(
    description = 'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
  ) {
    super('invalid_token', 401, description);
  }
}

/**
 * RFC 9449 §5, §7.1: the DPoP proof is missing, malformed or invalid. The token endpoint answers it
 * with 400 (RFC 6749 §5.2); a protected resource with 401 and a `DPoP` challenge.
 */
export class InvalidDpopProofError extends OAuthError {
  constructor(
    description = 'The DPoP proof is missing, malformed or invalid.',
    status: 400 | 401 = 400,
  ) {
    super('invalid_dpop_proof', status, description);
  }
}

/**
 * RFC 9449 §8, §9: this server requires its nonce in DPoP proofs, and the proof carried none or one
 * no longer valid. The `DPoP-Nonce` header carries the nonce to use. The token endpoint answers it
 * with 400 (§8); a protected resource with 401 and a `DPoP` challenge (§9).
 */
export class UseDpopNonceError extends OAuthError {
  constructor(
    description = 'The server requires the nonce it provides in the DPoP proof.',
    status: 400 | 401 = 400,
  ) {
    super('use_dpop_nonce', status, description);
  }
}

/** Refreshing needs the `offline` or `offline_access` scope (hydra-compat §4.5). */
export class ScopeNotGrantedError extends OAuthError {
  constructor(description = 'The token was not granted the requested scope.') {
    super('scope_not_granted', 403, description);
  }
}

/**
 * RFC 6585 §4: the caller sent too many requests (an abuse limit). OAuth 2.0 defines no error code
 * for it; `Retry-After` says when to try again.
 */
export class TooManyRequestsError extends OAuthError {
  constructor(retryAfterSeconds: number) {
    super('too_many_requests', 429, 'Too many requests; try again later.');
    Object.assign(this, { headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) } });
  }
}
